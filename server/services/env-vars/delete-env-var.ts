import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { envVars } from "../../../db/schema";
import { notFound } from "../../errors";

export async function deleteEnvVar(options: { tenantId: number; varId: number }) {
  const rows = await db
    .delete(envVars)
    .where(and(eq(envVars.id, options.varId), eq(envVars.tenantId, options.tenantId)))
    .returning({ id: envVars.id });
  if (!rows.length) throw notFound("Env var");
  return { id: options.varId };
}
