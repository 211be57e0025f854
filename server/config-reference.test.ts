import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ENV_GROUPS, renderConfigReference } from "./config-reference";
import { EnvSchema } from "./env.server";

const committed = () => readFileSync(new URL("../docs/configuration.md", import.meta.url), "utf8");

describe("the configuration reference", () => {
  it("is the generator's output for server/env.server.ts", () => {
    expect(committed(), "docs/configuration.md is out of date: run `npm run docs:config`").toBe(renderConfigReference(EnvSchema));
  });

  it("documents every variable of the schema, in a known group", () => {
    for (const [name, schema] of Object.entries(EnvSchema.shape)) {
      const meta = z.globalRegistry.get(schema);
      expect(meta?.description?.trim(), `${name} has no description`).toBeTruthy();
      expect(ENV_GROUPS, `${name} has no known group`).toContain(meta?.group);
      expect(committed()).toContain(`| \`${name}\` `);
    }
  });

  it("shows the schema's defaults and allowed values", () => {
    const page = renderConfigReference(
      z.object({
        LIMIT: z.coerce.number().int().positive().max(8).default(3).meta({ group: "Agents", description: "At most this many." }),
        MODE: z.enum(["fast", "slow"]).default("slow").meta({ group: "Server", description: "How fast." }),
      }),
    );
    expect(page).toMatch(/\| `LIMIT` +\| `3` +\| integer 1–8 +\| At most this many\. +\|/);
    expect(page).toMatch(/\| `MODE` +\| `slow` +\| `fast`, `slow` +\| How fast\. +\|/);
    expect(page.indexOf("## Server")).toBeLessThan(page.indexOf("## Agents"));
  });

  it("refuses a variable without a description, saying where to add one", () => {
    const schema = z.object({
      DOCUMENTED: z.string().default("x").meta({ group: "Server", description: "Has one." }),
      ENV_X: z.string().optional(),
    });
    expect(() => renderConfigReference(schema)).toThrow(
      /^ENV_X has no description: add \.meta\(\{ group: .*, description: .* in server\/env\.server\.ts\.$/,
    );
  });

  it("refuses a variable in an unknown group", () => {
    const schema = z.object({ ENV_Y: z.string().optional().meta({ group: "Elsewhere", description: "Somewhere." }) });
    expect(() => renderConfigReference(schema)).toThrow(/^ENV_Y has no known group/);
  });
});
