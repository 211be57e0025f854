import { readFileSync } from "node:fs";
import { stringify } from "yaml";
import { renderDeployment } from "./render";
import { parseDeployValues } from "./values";

/** `npm run k8s:render -- values.json > app.yaml`: the app's manifests as multi-document YAML. */
function main(file: string | undefined) {
  if (!file) throw new Error("Usage: npm run k8s:render -- <values.json>");
  const values = parseDeployValues(JSON.parse(readFileSync(file, "utf8")));
  return renderDeployment(values)
    .map((manifest) => stringify(manifest))
    .join("---\n");
}

try {
  process.stdout.write(main(process.argv[2]));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
