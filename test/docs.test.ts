import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PERMISSION_LABELS, PERMISSIONS, ROLE_PERMISSIONS } from "../server/auth/permissions";
import { ROLE_KEYS } from "../server/auth/roles";
import { MODELS } from "../server/models/catalog";

const root = path.resolve(import.meta.dirname, "..");

/** README.md and every markdown page under docs/, as paths from the repository root. */
function pages() {
  const docs = readdirSync(path.join(root, "docs"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".md"))
    .map((file) => path.join("docs", file));
  return ["README.md", ...docs];
}

const read = (page: string) => readFileSync(path.join(root, page), "utf8");

/** Markdown link targets that name a file of this repository (not a URL, not an anchor on the same page). */
function relativeLinks(markdown: string) {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!);
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("#"));
}

describe("the documentation", () => {
  it("links only to files that exist", () => {
    const broken = pages().flatMap((page) =>
      relativeLinks(read(page))
        .filter((target) => !existsSync(path.resolve(root, path.dirname(page), decodeURI(target.split("#")[0]!))))
        .map((target) => `${page} → ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it("mentions only npm scripts that package.json has", () => {
    const scripts = Object.keys((JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts);
    const missing = pages().flatMap((page) =>
      [...read(page).matchAll(/\bnpm (?:run(?: -s)? ([\w:.-]+)|(start|test)\b)/g)]
        .map((match) => match[1] ?? match[2]!)
        .filter((script) => !scripts.includes(script))
        .map((script) => `${page}: npm run ${script}`),
    );
    expect(missing).toEqual([]);
  });

  it("shows the roles' permissions as server/auth/permissions.ts grants them", () => {
    const rows = read("docs/security.md")
      .split("\n")
      .filter((line) => /^\| `[a-z]+:[a-z]+` /.test(line))
      .map((line) =>
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    expect(rows.map((row) => row[0])).toEqual(PERMISSIONS.map((permission) => `\`${permission}\``));
    for (const row of rows) {
      const permission = row[0]!.replace(/`/g, "");
      expect(row[1], permission).toBe(PERMISSION_LABELS[permission as keyof typeof PERMISSION_LABELS]);
      const granted = ROLE_KEYS.filter((_, column) => row[column + 2] === "✓");
      expect(granted, permission).toEqual(ROLE_KEYS.filter((role) => ROLE_PERMISSIONS[role].includes(permission as never)));
    }
  });

  it("lists the model catalog with server/models/catalog.ts's windows and prices", () => {
    const rows = read("docs/providers.md")
      .split("\n")
      .filter((line) => /^\| `[\w.-]+` +\| (claude|codex) /.test(line))
      .map((line) =>
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    const number = (text: string) => Number(text.replace(/,/g, ""));
    const documented = rows.map(
      ([id, provider, label, context, output, input, outputPrice, cacheWrite, cacheRead, thinking]) => ({
        id: id!.replace(/`/g, ""),
        provider,
        label,
        contextTokens: number(context!),
        maxOutputTokens: number(output!),
        inputUsdPerMillion: number(input!),
        outputUsdPerMillion: number(outputPrice!),
        ...(cacheWrite === "—" ? {} : { cacheWriteUsdPerMillion: number(cacheWrite!) }),
        cacheReadUsdPerMillion: cacheRead === "—" ? undefined : number(cacheRead!),
        ...(thinking === "✓" ? { thinking: true } : {}),
      }),
    );
    expect(documented).toEqual(MODELS);
  });
});
