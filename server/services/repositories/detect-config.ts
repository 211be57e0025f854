/** What a config file tells about the project: scripts, dependencies, toolchain versions. */
export function detectConfig(kind: string, text: string): Record<string, unknown> {
  try {
    if (kind === "node") {
      const pkg = JSON.parse(text) as Record<string, Record<string, string> | string | undefined>;
      const deps = { ...(pkg.dependencies as object), ...(pkg.devDependencies as object) } as Record<string, string>;
      const frameworks = [
        "next",
        "react",
        "@remix-run/node",
        "vue",
        "svelte",
        "express",
        "fastify",
        "vitest",
        "jest",
        "@playwright/test",
      ].filter((name) => name in deps);
      return {
        name: pkg.name ?? null,
        scripts: pkg.scripts ?? {},
        frameworks,
        packageManager: pkg.packageManager ?? null,
        engines: pkg.engines ?? null,
      };
    }
    if (kind === "go") return { module: /^module\s+(\S+)/m.exec(text)?.[1] ?? null, go: /^go\s+(\S+)/m.exec(text)?.[1] ?? null };
    if (kind === "docker")
      return {
        baseImages: [...text.matchAll(/^FROM\s+(\S+)/gim)].map((m) => m[1]),
        exposes: [...text.matchAll(/^EXPOSE\s+(.+)$/gim)].map((m) => m[1]!.trim()),
      };
    if (kind === "python")
      return { name: /^name\s*=\s*"([^"]+)"/m.exec(text)?.[1] ?? null, lines: text.split("\n").filter(Boolean).length };
    if (kind === "rust")
      return {
        name: /^name\s*=\s*"([^"]+)"/m.exec(text)?.[1] ?? null,
        edition: /^edition\s*=\s*"([^"]+)"/m.exec(text)?.[1] ?? null,
      };
    if (kind === "make") return { targets: [...text.matchAll(/^([A-Za-z0-9_.-]+):(?!=)/gm)].map((m) => m[1]).slice(0, 30) };
  } catch {
    return { error: "could not parse" };
  }
  return {};
}
