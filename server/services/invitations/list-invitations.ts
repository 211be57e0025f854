import { and, desc, eq, gt } from "drizzle-orm";
import { db } from "../../../db/client";
import { invitations, users } from "../../../db/schema";
import type { RoleKey } from "../../auth/roles";

/**
 * The workspace's open invitations: the login it typed, the role, who invited
 * and until when — nothing about whoever has that login.
 */
export async function listInvitations(options: { tenantId: number }) {
  const rows = await db
    .select({
      id: invitations.id,
      login: invitations.login,
      role: invitations.role,
      invitedBy: users.login,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(
      and(eq(invitations.tenantId, options.tenantId), eq(invitations.status, "pending"), gt(invitations.expiresAt, new Date())),
    )
    .orderBy(desc(invitations.id));
  return rows.map((row) => ({ ...row, role: row.role as RoleKey }));
}
