import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRunRepos, customInstructions, defaultAgentInstructions } from "../../../db/schema";
import type { InstructionLayer } from "../../harness/prompts";

const SCOPE_ORDER = ["tenant", "project", "repository", "ticket"] as const;

/**
 * The instruction layers of a run, in the spec's order: the tenant's default
 * instructions for the provider, then custom instructions scoped to the
 * tenant, the project, the run's repositories and the ticket (each scope by
 * priority, then age). The workspace's AGENTS.md and the user's prompt follow.
 */
export async function resolveInstructionLayers(options: {
  tenantId: number;
  provider: string;
  runId: number;
  projectId: number | null;
  ticketId: number | null;
}): Promise<InstructionLayer[]> {
  const [defaults, repos] = await Promise.all([
    db
      .select({ instructions: defaultAgentInstructions.instructions })
      .from(defaultAgentInstructions)
      .where(
        and(eq(defaultAgentInstructions.tenantId, options.tenantId), eq(defaultAgentInstructions.provider, options.provider)),
      ),
    db
      .select({ repositoryId: agentRunRepos.repositoryId })
      .from(agentRunRepos)
      .where(and(eq(agentRunRepos.tenantId, options.tenantId), eq(agentRunRepos.runId, options.runId))),
  ]);
  const repositoryIds = repos.map((repo) => repo.repositoryId);
  const scoped = await db
    .select({ scope: customInstructions.scope, title: customInstructions.title, instructions: customInstructions.instructions })
    .from(customInstructions)
    .where(
      and(
        eq(customInstructions.tenantId, options.tenantId),
        eq(customInstructions.enabled, true),
        or(
          eq(customInstructions.scope, "tenant"),
          options.projectId
            ? and(eq(customInstructions.scope, "project"), eq(customInstructions.scopeId, options.projectId))
            : undefined,
          repositoryIds.length
            ? and(eq(customInstructions.scope, "repository"), inArray(customInstructions.scopeId, repositoryIds))
            : undefined,
          options.ticketId
            ? and(eq(customInstructions.scope, "ticket"), eq(customInstructions.scopeId, options.ticketId))
            : undefined,
        ),
      ),
    )
    .orderBy(sql`${customInstructions.priority} desc`, asc(customInstructions.id));

  const layers: InstructionLayer[] = defaults.map((row) => ({ source: "default", text: row.instructions }));
  for (const scope of SCOPE_ORDER)
    for (const row of scoped.filter((entry) => entry.scope === scope))
      layers.push({ source: `${scope}: ${row.title}`, text: row.instructions });
  return layers;
}
