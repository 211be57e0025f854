import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { envVarSets } from "../../../db/schema";
import { notFound } from "../../errors";

export async function deleteEnvVarSet(options: { tenantId: number; setId: number }) {
  const rows = await db
    .delete(envVarSets)
    .where(and(eq(envVarSets.id, options.setId), eq(envVarSets.tenantId, options.tenantId)))
    .returning({ id: envVarSets.id });
  if (!rows.length) throw notFound("Env var set");
  return { id: options.setId };
}
