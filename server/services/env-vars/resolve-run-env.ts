import { and, eq, inArray, or } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRunRepos, envVarSets, envVars } from "../../../db/schema";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";

/** The variables a run's workspace gets: its project's sets, then its repositories' (which win on a clash). */
export async function resolveRunEnv(options: { tenantId: number; runId: number; projectId: number | null; env: Env }) {
  const repos = await db
    .select({ repositoryId: agentRunRepos.repositoryId })
    .from(agentRunRepos)
    .where(and(eq(agentRunRepos.tenantId, options.tenantId), eq(agentRunRepos.runId, options.runId)));
  const repositoryIds = repos.map((repo) => repo.repositoryId);
  const scopes = [
    options.projectId ? eq(envVarSets.projectId, options.projectId) : undefined,
    repositoryIds.length ? inArray(envVarSets.repositoryId, repositoryIds) : undefined,
  ].filter(Boolean);
  if (!scopes.length) return {};
  const rows = await db
    .select({ scope: envVarSets.scope, key: envVars.key, ciphertext: envVars.valueCiphertext, keyId: envVars.valueKeyId })
    .from(envVars)
    .innerJoin(envVarSets, eq(envVarSets.id, envVars.setId))
    .where(and(eq(envVars.tenantId, options.tenantId), or(...scopes)));
  const keyring = getKeyring(options.env);
  const result: Record<string, string> = {};
  for (const scope of ["project", "repository"])
    for (const row of rows.filter((entry) => entry.scope === scope))
      result[row.key] = keyring.open({ ciphertext: row.ciphertext, keyId: row.keyId });
  return result;
}
