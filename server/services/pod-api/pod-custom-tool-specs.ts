import type { AgentRun } from "../../../db/schema";
import type { Env } from "../../env.server";
import { customToolsFor } from "../tools/get-custom-tools";

/** The custom tools' names, descriptions and schemas a pod offers the model (nothing it could call them with). */
export async function podCustomToolSpecs(options: { tenantId: number; run: AgentRun; env: Env }) {
  const tools = await customToolsFor({ tenantId: options.tenantId, provider: options.run.provider, env: options.env });
  return tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.jsonSchema ?? {} }));
}
