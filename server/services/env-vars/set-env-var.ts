import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { envVarSets, envVars } from "../../../db/schema";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError, notFound } from "../../errors";

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
