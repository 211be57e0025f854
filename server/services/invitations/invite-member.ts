import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { invitations, userRoles, users } from "../../../db/schema";
import type { RoleKey } from "../../auth/roles";
import { hashToken, newRandomToken } from "../../auth/tokens";
import { AppError } from "../../errors";
import { sameLogin } from "./same-login";

const INVITATION_TTL_DAYS = 14;

/**
 * Invites a GitHub login to the workspace with a role. Nobody is added: the
 * person signed in with that login accepts (or declines) it, after sign-in or
 * through the link. The answer is the same whether or not anyone has that
 * login here, so it reveals nothing; inviting a login with an open invitation
 * renews it (new link, new expiry, the new role). The link is returned once: only its token's hash is kept.
 */
export async function inviteMember(options: {
  tenantId: number;
  /** The inviting admin. */
  userId: number;
  login: string;
  role: RoleKey;
  /** The app's public URL (`APP_URL`); the link is built on it. */
  appUrl: string;
}) {
  const login = options.login.trim().replace(/^@/, "");
  // Only this workspace's own members are looked at: it may know who is in it already.
  const [member] = await db
    .select({ id: users.id })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.tenantId, options.tenantId), sameLogin(users.login, login)))
    .limit(1);
  if (member) throw new AppError("CONFLICT", `@${login} is already a member.`);

  const token = newRandomToken();
  const values = {
    login,
    role: options.role,
    invitedByUserId: options.userId,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
  };
  const [renewed] = await db
    .update(invitations)
    .set(values)
    .where(
      and(eq(invitations.tenantId, options.tenantId), eq(invitations.status, "pending"), sameLogin(invitations.login, login)),
    )
    .returning({ id: invitations.id });
  // A race with another invite of the same login meets `invitations_tenant_login_pending_key`.
  const [row] = renewed
    ? [renewed]
    : await db
        .insert(invitations)
        .values({ tenantId: options.tenantId, ...values })
        .returning({ id: invitations.id });
  return {
    id: row!.id,
    login,
    role: options.role,
    status: "pending" as const,
    expiresAt: values.expiresAt,
    link: `${options.appUrl}/invitations/${token}`,
  };
}
