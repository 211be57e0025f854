import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { outboundAllowlist } from "../../../db/schema";
import { notFound } from "../../errors";

export async function removeAllowedHost(options: { tenantId: number; id: number }) {
  const rows = await db
    .delete(outboundAllowlist)
    .where(and(eq(outboundAllowlist.id, options.id), eq(outboundAllowlist.tenantId, options.tenantId)))
    .returning({ id: outboundAllowlist.id });
  if (!rows.length) throw notFound("Allowed host");
  return { id: options.id };
}
