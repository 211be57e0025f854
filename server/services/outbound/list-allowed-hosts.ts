import { asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { outboundAllowlist } from "../../../db/schema";

/** The hosts this workspace's hooks and custom tools may reach on private addresses. */
export async function listAllowedHosts(options: { tenantId: number }) {
  return db
    .select({ id: outboundAllowlist.id, host: outboundAllowlist.host, createdAt: outboundAllowlist.createdAt })
    .from(outboundAllowlist)
    .where(eq(outboundAllowlist.tenantId, options.tenantId))
    .orderBy(asc(outboundAllowlist.host));
}
