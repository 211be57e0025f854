import { and, asc, eq } from "drizzle-orm";
import { db, inTransaction, type Commit } from "../../../db/client";
import { connectors, invitations, userRoles, users } from "../../../db/schema";
import type { RoleKey } from "../../auth/roles";
import { hashToken, newRandomToken } from "../../auth/tokens";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { githubErrorMessage } from "../../github/error-message";
import { gitHubRequests } from "../../github/github-calls";
import { findGitHubUser } from "../../github/users";
import { sameLogin } from "./same-login";

const INVITATION_TTL_DAYS = 14;

/**
 * Invites a GitHub login to the workspace with a role. Nobody is added: the
 * person signed in with that login accepts (or declines) it, after sign-in or
 * through the link. The answer is the same whether or not anyone has that
 * login here, so it reveals nothing; inviting a login with an open invitation
 * renews it (new link, new expiry, the new role). The link is returned once: only its token's hash is kept.
 * The login is checked against GitHub with the workspace's first active
 * connector's token, outside any transaction; without one it is invited
 * unchecked (`checked: false`), and the rows commit in `commit`.
 */
export async function inviteMember(options: {
  tenantId: number;
  /** The inviting admin. */
  userId: number;
  login: string;
  role: RoleKey;
  /** The app's public URL (`APP_URL`); the link is built on it. */
  appUrl: string;
  env: Env;
  commit?: Commit;
}) {
  const login = options.login.trim().replace(/^@/, "");
  const checked = await checkGitHubLogin(options.tenantId, options.env, login);
  return (options.commit ?? inTransaction)(async () => ({ ...(await writeInvitation({ ...options, login })), checked }));
}

/** Whether GitHub was asked; throws a field error on `login` when it has nobody by that name. */
async function checkGitHubLogin(tenantId: number, env: Env, login: string) {
  const [connector] = await db
    .select({ tokenCiphertext: connectors.tokenCiphertext, tokenKeyId: connectors.tokenKeyId })
    .from(connectors)
    .where(and(eq(connectors.tenantId, tenantId), eq(connectors.provider, "github"), eq(connectors.status, "active")))
    .orderBy(asc(connectors.id))
    .limit(1);
  if (!connector) return false;
  const token = getKeyring(env).open({ ciphertext: connector.tokenCiphertext, keyId: connector.tokenKeyId });
  let found;
  try {
    found = await gitHubRequests(env, token)((octokit) => findGitHubUser(octokit, login));
  } catch (error) {
    throw new AppError("PRECONDITION_FAILED", githubErrorMessage(error));
  }
  if (!found) throw new UnknownGitHubLogin(login);
  return true;
}

/** GitHub has nobody by the invited login; the API answers it beside the `login` field. */
export class UnknownGitHubLogin extends AppError {
  constructor(readonly login: string) {
    super("BAD_REQUEST", `No GitHub user is called ${login}.`);
  }
}

async function writeInvitation(options: { tenantId: number; userId: number; login: string; role: RoleKey; appUrl: string }) {
  const { login } = options;
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
