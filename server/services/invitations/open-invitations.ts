import { alias } from "drizzle-orm/pg-core";
import { and, eq, gt, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { invitations, tenants, users } from "../../../db/schema";
import type { RoleKey } from "../../auth/roles";
import { hashToken } from "../../auth/tokens";

const invitee = alias(users, "invitee");
const inviter = alias(users, "inviter");

/** Which invitation: by id (the banner) or by the link's token. */
export type InvitationKey = { invitationId: number } | { token: string };

/**
 * The open invitations addressed to this user's login: pending, not expired,
 * for the login they are signed in with. Whatever else — another login's,
 * revoked, used, expired, unknown — is simply not among them.
 */
export async function openInvitations(executor: Executor, options: { userId: number; key?: InvitationKey; lock?: boolean }) {
  const key: SQL | undefined = !options.key
    ? undefined
    : "token" in options.key
      ? eq(invitations.tokenHash, hashToken(options.key.token))
      : eq(invitations.id, options.key.invitationId);
  const query = executor
    .select({
      id: invitations.id,
      tenantId: invitations.tenantId,
      tenantName: tenants.name,
      role: invitations.role,
      invitedBy: inviter.login,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(invitee, and(eq(invitee.id, options.userId), sql`lower(${invitee.login}) = lower(${invitations.login})`))
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedByUserId))
    .where(and(eq(invitations.status, "pending"), gt(invitations.expiresAt, new Date()), key))
    .orderBy(invitations.id);
  const rows = options.lock ? await query.for("update", { of: invitations }) : await query;
  return rows.map((row) => ({ ...row, role: row.role as RoleKey }));
}
