import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { APP_BUILD_PACKAGES } from "./app-build-packages";

const BUILD = path.resolve(import.meta.dirname, "../../build/index.js");
const IMPORT = /^import\s[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"/gm;

/** The bare specifiers a bundle imports at its top level (esbuild writes one import statement per line). */
function packagesImportedBy(bundle: string) {
  const names = [...bundle.matchAll(IMPORT)].map((match) => match[1] ?? match[2]!);
  return [...new Set(names.filter((name) => !name.startsWith(".") && !name.startsWith("node:")))].sort();
}

describe("the packages loaded while the app builds", () => {
  it("are exactly the packages the Remix server build imports", () => {
    expect(existsSync(BUILD), "build/index.js is missing: run `npm run build` first (npm test does)").toBe(true);
    expect([...APP_BUILD_PACKAGES].sort()).toEqual(packagesImportedBy(readFileSync(BUILD, "utf8")));
  });

  it("reads a bundle's imports, node: modules and our own files aside", () => {
    const bundle = [
      'import { a } from "react";',
      'import * as b from "node:fs";',
      'import {\n  c,\n  d\n} from "@remix-run/react";',
      'import "./chunk.js";',
      'import "isbot";',
      'const e = "import x from \\"not-at-line-start\\"";',
    ].join("\n");
    expect(packagesImportedBy(bundle)).toEqual(["@remix-run/react", "isbot", "react"]);
  });
});
