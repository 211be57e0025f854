import { and, asc, eq, inArray, or } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRunRepos, envVarSets, envVars, projects, repositories } from "../../../db/schema";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError, notFound } from "../../errors";

/** Env var sets with their keys (values are never returned). */
export async function listEnvVarSets(options: { tenantId: number }) {
  const sets = await db.select().from(envVarSets).where(eq(envVarSets.tenantId, options.tenantId)).orderBy(asc(envVarSets.name));
  const vars = sets.length
    ? await db
        .select({ setId: envVars.setId, id: envVars.id, key: envVars.key, updatedAt: envVars.updatedAt })
        .from(envVars)
        .where(
          and(
            eq(envVars.tenantId, options.tenantId),
            inArray(
              envVars.setId,
              sets.map((set) => set.id),
            ),
          ),
        )
        .orderBy(asc(envVars.key))
    : [];
  return sets.map((set) => ({
    ...set,
    vars: vars.filter((entry) => entry.setId === set.id).map(({ id, key, updatedAt }) => ({ id, key, updatedAt })),
  }));
}

export async function createEnvVarSet(options: {
  tenantId: number;
  name: string;
  scope: "project" | "repository";
  scopeId: number;
}) {
  const table = options.scope === "project" ? projects : repositories;
  const [owned] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.id, options.scopeId), eq(table.tenantId, options.tenantId)));
  if (!owned) throw notFound(options.scope === "project" ? "Project" : "Repository");
  const [row] = await db
    .insert(envVarSets)
    .values({
      tenantId: options.tenantId,
      name: options.name,
      scope: options.scope,
      projectId: options.scope === "project" ? options.scopeId : null,
      repositoryId: options.scope === "repository" ? options.scopeId : null,
    })
    .returning();
  return row!;
}

/** Sets a variable (sealed with AES-256-GCM). */
export async function setEnvVar(options: { tenantId: number; setId: number; key: string; value: string; env: Env }) {
  const [set] = await db
    .select({ id: envVarSets.id })
    .from(envVarSets)
    .where(and(eq(envVarSets.id, options.setId), eq(envVarSets.tenantId, options.tenantId)));
  if (!set) throw notFound("Env var set");
  if (!/^[A-Z_][A-Z0-9_]{0,127}$/.test(options.key))
    throw new AppError("BAD_REQUEST", "Names are upper-case letters, digits and _, not starting with a digit.");
  const sealed = getKeyring(options.env).seal(options.value);
  const [row] = await db
    .insert(envVars)
    .values({
      tenantId: options.tenantId,
      setId: set.id,
      key: options.key,
      valueCiphertext: sealed.ciphertext,
      valueKeyId: sealed.keyId,
    })
    .onConflictDoUpdate({
      target: [envVars.setId, envVars.key],
      set: { valueCiphertext: sealed.ciphertext, valueKeyId: sealed.keyId, updatedAt: new Date() },
    })
    .returning({ id: envVars.id, key: envVars.key });
  return row!;
}

export async function deleteEnvVar(options: { tenantId: number; varId: number }) {
  const rows = await db
    .delete(envVars)
    .where(and(eq(envVars.id, options.varId), eq(envVars.tenantId, options.tenantId)))
    .returning({ id: envVars.id });
  if (!rows.length) throw notFound("Env var");
  return { id: options.varId };
}

export async function deleteEnvVarSet(options: { tenantId: number; setId: number }) {
  const rows = await db
    .delete(envVarSets)
    .where(and(eq(envVarSets.id, options.setId), eq(envVarSets.tenantId, options.tenantId)))
    .returning({ id: envVarSets.id });
  if (!rows.length) throw notFound("Env var set");
  return { id: options.setId };
}

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

/** Replaces every env var value (of 4+ characters) in text, however deep in an event payload. */
export function masker(values: Record<string, string>) {
  const secrets = Object.values(values)
    .filter((value) => value.length >= 4)
    .sort((a, b) => b.length - a.length);
  const maskText = (text: string) => secrets.reduce((masked, secret) => masked.split(secret).join("***"), text);
  const mask = (value: unknown): unknown => {
    if (typeof value === "string") return maskText(value);
    if (Array.isArray(value)) return value.map(mask);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mask(item)]));
    return value;
  };
  return { active: secrets.length > 0, mask: <T>(value: T) => (secrets.length ? (mask(value) as T) : value) };
}
