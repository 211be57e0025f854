import { and, asc, eq, inArray } from "drizzle-orm";
import { db } from "../../../db/client";
import { envVarSets, envVars } from "../../../db/schema";

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
