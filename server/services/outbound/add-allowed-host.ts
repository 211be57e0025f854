import { db } from "../../../db/client";
import { outboundAllowlist } from "../../../db/schema";
import { bareHost } from "../../net/blocked-address";

/** Allows a host (idempotent); answers the row, old or new. */
export async function addAllowedHost(options: {
  tenantId: number;
  userId: number;
  /** A host name or an IP literal, without scheme or port. */
  host: string;
}) {
  const host = bareHost(options.host);
  const [row] = await db
    .insert(outboundAllowlist)
    .values({ tenantId: options.tenantId, host, createdBy: options.userId })
    .onConflictDoUpdate({ target: [outboundAllowlist.tenantId, outboundAllowlist.host], set: { host } })
    .returning({ id: outboundAllowlist.id, host: outboundAllowlist.host, createdAt: outboundAllowlist.createdAt });
  return row!;
}
