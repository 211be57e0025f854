import { eq } from "drizzle-orm";
import { db } from "../../db/client";
import { users } from "../../db/schema";
import { buildUser } from "../../db/seed";
import type { RoleKey } from "../../server/auth/roles";
import { callerFor } from "./caller";

type Caller = Awaited<ReturnType<typeof callerFor>>;

/**
 * How someone joins a workspace: an admin invites their login, they sign in
 * (a user with that login is made unless one exists) and accept the invitation
 * they find in `me.invitations`. Returns the new member's user id.
 */
export async function inviteAndAccept(admin: Caller, options: { tenantId: number; login: string; role: RoleKey }) {
  const invitation = await admin.members.invite({ login: options.login, role: options.role });
  const login = options.login.replace(/^@/, "");
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.login, login)).limit(1);
  const userId = existing?.id ?? (await buildUser({ login })).id;
  const invitee = await callerFor({ userId, tenantId: options.tenantId });
  const mine = await invitee.me.invitations();
  const waiting = mine.find((entry) => entry.id === invitation.id);
  if (!waiting) throw new Error(`@${login} does not see invitation ${invitation.id}.`);
  await invitee.invitations.accept({ invitationId: waiting.id });
  return { userId, invitationId: invitation.id };
}
