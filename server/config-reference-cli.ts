import { writeFileSync } from "node:fs";
import { renderConfigReference } from "./config-reference";
import { EnvSchema } from "./env.server";

// `npm run docs:config`: rewrites the page server/config-reference.test.ts compares with the schema.
const target = new URL("../docs/configuration.md", import.meta.url);
writeFileSync(target, renderConfigReference(EnvSchema));
console.log(`wrote ${target.pathname}`);
