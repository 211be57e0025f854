import { and, eq, gt, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { roles, sessions, tenants, userRoles, users } from "../../../db/schema";
import type { RoleKey } from "../../auth/roles";
import { hashToken } from "../../auth/tokens";
import { cachedSession } from "./session-cache";

export type SessionIdentity = {
  sessionId: number;
  user: { id: number; login: string; name: string | null; email: string | null; avatarUrl: string | null };
  tenant: { id: number; name: string; slug: string };
  /** Empty when the user is no longer a member of the session's tenant. */
  roles: RoleKey[];
};

/**
 * Who is acting, for a query that joins `users` and `tenants`: the user, the
 * workspace, and the user's roles there (empty when no longer a member).
 */
export const identityColumns = {
  user: { id: users.id, login: users.login, name: users.name, email: users.email, avatarUrl: users.avatarUrl },
  tenant: { id: tenants.id, name: tenants.name, slug: tenants.slug },
  roles: sql<
    RoleKey[]
  >`coalesce((select array_agg(${roles.key}) from ${userRoles} join ${roles} on ${roles.id} = ${userRoles.roleId}
    where ${userRoles.tenantId} = ${tenants.id} and ${userRoles.userId} = ${users.id}), '{}')`,
};

/** Resolves a cookie token to its live session, or null when unknown or expired (cached briefly: see session-cache). */
export async function getSession(token: string): Promise<SessionIdentity | null> {
  const tokenHash = hashToken(token);
  return cachedSession(tokenHash, () => loadSession(tokenHash));
}

async function loadSession(tokenHash: string) {
  // One round trip: the session, its user and tenant, and the user's roles there.
  const [row] = await db
    .select({
      sessionId: sessions.id,
      expiresAt: sessions.expiresAt,
      ...identityColumns,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date())));
  if (!row) return null;
  const { expiresAt, ...identity } = row;
  return { identity, expiresAt };
}
