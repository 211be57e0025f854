import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { userRoles } from "../../../db/schema";
import type { AuditActor } from "../audit/audit-actor";
import { sessionsChanged } from "../sessions/session-cache";
import { assignRole } from "../tenants/assign-role";
import { openInvitation } from "./open-invitation";
import type { InvitationKey } from "./open-invitations";
import { recordAnswer } from "./record-answer";

/**
 * The invited person says yes: only now do they become a member, with the
 * invited role (a member already keeps the role they have). The inviting
 * workspace's audit log records it, in the same transaction.
 */
export async function acceptInvitation(options: { actor: AuditActor; key: InvitationKey }) {
  return db.transaction(async (tx) => {
    const invitation = await openInvitation(tx, { userId: options.actor.userId, key: options.key, lock: true });
    const [member] = await tx
      .select({ id: userRoles.id })
      .from(userRoles)
      .where(and(eq(userRoles.tenantId, invitation.tenantId), eq(userRoles.userId, options.actor.userId)))
      .limit(1);
    if (!member) await assignRole(tx, { tenantId: invitation.tenantId, userId: options.actor.userId, roleKey: invitation.role });
    await recordAnswer(tx, {
      actor: options.actor,
      invitation,
      status: "accepted",
      after: { status: "accepted", role: invitation.role },
    });
    await sessionsChanged(tx);
    return {
      id: invitation.id,
      status: "accepted" as const,
      tenantId: invitation.tenantId,
      tenantName: invitation.tenantName,
      role: invitation.role,
    };
  });
}
