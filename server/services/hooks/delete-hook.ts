import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { hooks } from "../../../db/schema";
import { notFound } from "../../errors";
import { forgetHooks } from "./hook-presence";

export async function deleteHook(options: { tenantId: number; hookId: number }) {
  const rows = await db
    .delete(hooks)
    .where(and(eq(hooks.id, options.hookId), eq(hooks.tenantId, options.tenantId)))
    .returning({ id: hooks.id });
  if (!rows.length) throw notFound("Hook");
  forgetHooks(options.tenantId);
  return { id: options.hookId };
}
