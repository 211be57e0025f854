import type { AgentRun } from "../../../db/schema";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { customToolsFor } from "../tools/get-custom-tools";

/**
 * A pod's call of one of the workspace's custom tools, made by the app as for a
 * local run: the endpoint, its headers and the outbound guard stay on the app,
 * the pod sees only the tool's name and schema. A tool not enabled for the
 * run's provider (or removed since the run started) is NOT_FOUND.
 */
export async function callPodTool(options: { tenantId: number; run: AgentRun; env: Env; name: string; input: unknown }) {
  const tools = await customToolsFor({ tenantId: options.tenantId, provider: options.run.provider, env: options.env });
  const tool = tools.find((candidate) => candidate.name === options.name);
  if (!tool) throw new AppError("NOT_FOUND", `No custom tool named "${options.name}" is enabled for this run.`);
  const outcome = await tool.run(options.input, { root: "", commandTimeoutSeconds: options.env.AGENT_COMMAND_TIMEOUT_SECONDS });
  return { content: outcome.content, isError: outcome.isError ?? false };
}
