import { and, asc, eq, ne, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { roles, userRoles, users } from "../../../db/schema";
import type { RoleKey } from "../../auth/roles";
import { AppError, notFound } from "../../errors";
import { sessionsChanged } from "../sessions/session-cache";
import { assignRole } from "../tenants/create-tenant";

/** The workspace's members with their role. */
export async function listMembers(options: { tenantId: number }) {
  const rows = await db
    .select({
      id: users.id,
      login: users.login,
      name: users.name,
      avatarUrl: users.avatarUrl,
      role: roles.key,
      since: userRoles.createdAt,
    })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.tenantId, options.tenantId))
    .orderBy(asc(users.login));
  return rows.map((row) => ({ ...row, role: row.role as RoleKey }));
}

/** Admins of the workspace other than this user. */
async function otherAdmins(tenantId: number, excludingUserId: number) {
  const [row] = await db
    .select({ count: sql<number>`count(distinct ${userRoles.userId})::int` })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(userRoles.tenantId, tenantId), eq(roles.key, "admin"), ne(userRoles.userId, excludingUserId)));
  return row?.count ?? 0;
}

/** A member's role, or NOT_FOUND. */
async function memberRole(options: { tenantId: number; userId: number }) {
  const [member] = await db
    .select({ role: roles.key })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(userRoles.tenantId, options.tenantId), eq(userRoles.userId, options.userId)));
  if (!member) throw notFound("Member");
  return member;
}

/** Gives a member exactly one role; the last admin cannot stop being one. */
export async function setMemberRole(options: { tenantId: number; userId: number; role: RoleKey }) {
  const member = await memberRole(options);
  if (member.role === "admin" && options.role !== "admin" && (await otherAdmins(options.tenantId, options.userId)) === 0)
    throw new AppError("PRECONDITION_FAILED", "The workspace needs at least one admin: make someone else admin first.");
  await db.delete(userRoles).where(and(eq(userRoles.tenantId, options.tenantId), eq(userRoles.userId, options.userId)));
  await assignRole(db, { tenantId: options.tenantId, userId: options.userId, roleKey: options.role });
  await sessionsChanged(db);
  return { userId: options.userId, role: options.role };
}

export async function removeMember(options: { tenantId: number; userId: number }) {
  const member = await memberRole(options);
  if (member.role === "admin" && (await otherAdmins(options.tenantId, options.userId)) === 0)
    throw new AppError("PRECONDITION_FAILED", "The last admin cannot be removed.");
  await db.delete(userRoles).where(and(eq(userRoles.tenantId, options.tenantId), eq(userRoles.userId, options.userId)));
  await sessionsChanged(db);
  return { userId: options.userId };
}
