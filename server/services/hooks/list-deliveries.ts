import { and, desc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { hookDeliveries } from "../../../db/schema";

export async function listDeliveries(options: { tenantId: number; hookId: number }) {
  return db
    .select()
    .from(hookDeliveries)
    .where(and(eq(hookDeliveries.tenantId, options.tenantId), eq(hookDeliveries.hookId, options.hookId)))
    .orderBy(desc(hookDeliveries.id))
    .limit(100);
}
