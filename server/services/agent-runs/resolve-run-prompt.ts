import type { AgentRun } from "../../../db/schema";
import {
  AGENTS_MD_LIMIT,
  buildSystemPrompt,
  buildTaskMessage,
  detectedCommands,
  type InstructionLayer,
} from "../../harness/prompts";
import { listRepositoryConfigs } from "../repositories/list-repository-configs";
import { getTicket } from "../tickets/get-ticket";
import { resolveInstructionLayers } from "./resolve-instructions";
import { listRunRepositories } from "./run-repos";
import { saveResolvedPrompt } from "./save-resolved-prompt";

/**
 * A run's prompt: the system prompt (preamble, mode, instruction layers, the
 * workspace's AGENTS.md) and the task (ticket, then the user's prompt). Saved
 * on the run. The local executor and Kubernetes pods use the same.
 */
export async function resolveRunPrompt(options: {
  tenantId: number;
  run: AgentRun;
  agentsMd: string | null;
  /** The workspace two levels deep, as the executor found it after checkout. */
  tree?: string | null;
}) {
  const { tenantId, run } = options;
  const layers = await resolveInstructionLayers({
    tenantId,
    provider: run.provider,
    runId: run.id,
    projectId: run.projectId,
    ticketId: run.ticketId,
  });
  if (options.agentsMd) layers.push({ source: "AGENTS.md", text: options.agentsMd.slice(0, AGENTS_MD_LIMIT) });
  const ticket = run.ticketId ? await getTicket({ tenantId, ticketId: run.ticketId }) : null;
  const system = buildSystemPrompt({ provider: run.provider, mode: run.mode, layers });
  const [repo] = await listRunRepositories({ tenantId, runId: run.id });
  const configs = repo ? await listRepositoryConfigs({ tenantId, repositoryId: repo.repositoryId }) : [];
  const taskText = buildTaskMessage({
    prompt: run.prompt,
    ticket: ticket ? { key: ticket.key, title: ticket.title, descriptionMd: ticket.descriptionMd } : null,
    facts: {
      date: new Date().toISOString().slice(0, 10),
      branch: repo?.branchName ?? run.branchName,
      commands: detectedCommands(configs),
      tree: options.tree ?? null,
    },
  });
  await saveResolvedPrompt({ tenantId, runId: run.id, resolvedPrompt: `${system}\n\n---\n\n${taskText}` });
  return { system, taskText, ticket, describe: describeLayers(layers) };
}

function describeLayers(layers: InstructionLayer[]) {
  if (layers.length === 0) return "No custom instructions apply to this run.";
  return `Instructions applied, in order: ${layers.map((layer) => layer.source).join(" → ")}.`;
}
