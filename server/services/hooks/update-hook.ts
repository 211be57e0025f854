import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { hooks } from "../../../db/schema";
import { notFound } from "../../errors";
import { hookColumns } from "./hook-columns";
import { forgetHooks } from "./hook-presence";

export async function updateHook(options: {
  tenantId: number;
  hookId: number;
  enabled?: boolean;
  name?: string;
  timeoutSeconds?: number;
}) {
  const { tenantId, hookId, ...changes } = options;
  const [row] = await db
    .update(hooks)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(hooks.id, hookId), eq(hooks.tenantId, tenantId)))
    .returning(hookColumns);
  if (!row) throw notFound("Hook");
  forgetHooks(tenantId);
  return row;
}
