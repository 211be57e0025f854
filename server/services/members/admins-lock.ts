import { sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { memberRole } from "./member-role";

/**
 * Takes the workspace's membership lock, held until the transaction ends, then
 * reads the member's role: two changes to a workspace's members run one after
 * the other, so the second sees the first's write and the last two admins
 * cannot both step down. Call it first, inside the transaction that writes.
 */
export async function lockMembership(options: { tenantId: number; userId: number }) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`members:${options.tenantId}`}, 0))`);
  return memberRole(options);
}
