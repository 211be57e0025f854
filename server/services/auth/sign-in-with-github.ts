import { and, asc, eq, isNull } from "drizzle-orm";
import { db } from "../../../db/client";
import { userConnections, userRoles, users } from "../../../db/schema";
import { isMember } from "../tenants/assert-member";
import { createTenant } from "../tenants/create-tenant";

export type GitHubProfile = {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
  avatarUrl: string | null;
};

/**
 * Finds or creates the user behind a GitHub identity and refreshes their profile.
 * A first login also creates a tenant for them, with them as its admin.
 * Returns the tenant the new session should open in.
 */
export async function signInWithGitHub(profile: GitHubProfile) {
  return db.transaction(async (tx) => {
    const providerUserId = String(profile.id);
    const details = { login: profile.login, name: profile.name, email: profile.email, avatarUrl: profile.avatarUrl };
    const [connection] = await tx
      .select({ userId: userConnections.userId })
      .from(userConnections)
      .where(and(eq(userConnections.provider, "github"), eq(userConnections.providerUserId, providerUserId)));

    let userId: number;
    if (connection) {
      userId = connection.userId;
      await tx.update(users).set(details).where(eq(users.id, userId));
      await tx
        .update(userConnections)
        .set({ providerLogin: profile.login })
        .where(and(eq(userConnections.provider, "github"), eq(userConnections.providerUserId, providerUserId)));
    } else {
      // A member invited by login before their first sign-in: take over that placeholder user.
      const [invited] = await tx
        .select({ id: users.id })
        .from(users)
        .leftJoin(userConnections, and(eq(userConnections.userId, users.id), eq(userConnections.provider, "github")))
        .where(and(eq(users.login, profile.login), isNull(userConnections.id)));
      const [user] = invited
        ? await tx.update(users).set(details).where(eq(users.id, invited.id)).returning({ id: users.id })
        : await tx.insert(users).values(details).returning({ id: users.id });
      userId = user!.id;
      await tx.insert(userConnections).values({ userId, provider: "github", providerUserId, providerLogin: profile.login });
    }

    // Back in the workspace they last worked in, while they are still a member of it; else their first.
    const [user] = await tx.select({ lastTenantId: users.lastTenantId }).from(users).where(eq(users.id, userId));
    if (user?.lastTenantId && (await isMember(tx, { tenantId: user.lastTenantId, userId })))
      return { userId, tenantId: user.lastTenantId, isNewTenant: false };
    const [membership] = await tx
      .select({ tenantId: userRoles.tenantId })
      .from(userRoles)
      .where(eq(userRoles.userId, userId))
      .orderBy(asc(userRoles.createdAt), asc(userRoles.id))
      .limit(1);
    if (membership) return { userId, tenantId: membership.tenantId, isNewTenant: false };

    const { tenant } = await createTenant(tx, {
      name: `${profile.name ?? profile.login}'s team`,
      slugBase: profile.login,
      ownerId: userId,
    });
    return { userId, tenantId: tenant.id, isNewTenant: true };
  });
}
