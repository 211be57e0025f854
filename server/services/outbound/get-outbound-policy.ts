import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { outboundAllowlist } from "../../../db/schema";
import type { Env } from "../../env.server";
import type { OutboundPolicy } from "../../net/outbound-policy";

/** Where this workspace's hooks and tools may connect: the operator's hosts plus the workspace's own. */
export async function getOutboundPolicy(options: { tenantId: number; env: Env }): Promise<OutboundPolicy> {
  const rows = await db
    .select({ host: outboundAllowlist.host })
    .from(outboundAllowlist)
    .where(eq(outboundAllowlist.tenantId, options.tenantId));
  return {
    allowPrivate: options.env.OUTBOUND_ALLOW_PRIVATE,
    allowedHosts: [...options.env.OUTBOUND_ALLOWED_HOSTS, ...rows.map((row) => row.host)],
  };
}
