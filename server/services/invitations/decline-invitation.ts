import { db } from "../../../db/client";
import type { AuditActor } from "../audit/audit-actor";
import { openInvitation } from "./open-invitation";
import type { InvitationKey } from "./open-invitations";
import { recordAnswer } from "./record-answer";

/** The invited person says no: the invitation closes and the workspace's audit log records it; no membership. */
export async function declineInvitation(options: { actor: AuditActor; key: InvitationKey }) {
  return db.transaction(async (tx) => {
    const invitation = await openInvitation(tx, { userId: options.actor.userId, key: options.key, lock: true });
    await recordAnswer(tx, { actor: options.actor, invitation, status: "declined", after: { status: "declined" } });
    return { id: invitation.id, status: "declined" as const };
  });
}
