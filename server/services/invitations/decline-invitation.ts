import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { invitations } from "../../../db/schema";
import { writeAudit, type AuditActor } from "../audit/audit";
import { openInvitation, type InvitationKey } from "./open-invitation";

/** The invited person says no: the invitation closes and the workspace's audit log records it; no membership. */
export async function declineInvitation(options: { actor: AuditActor; key: InvitationKey }) {
  return db.transaction(async (tx) => {
    const invitation = await openInvitation(tx, { userId: options.actor.userId, key: options.key, lock: true });
    await tx
      .update(invitations)
      .set({ status: "declined", respondedByUserId: options.actor.userId, respondedAt: new Date() })
      .where(eq(invitations.id, invitation.id));
    await writeAudit(
      {
        tenantId: invitation.tenantId,
        actorUserId: options.actor.userId,
        actorApiKeyId: options.actor.apiKeyId,
        action: "invitations.decline",
        targetType: "invitations",
        targetId: String(invitation.id),
        after: { status: "declined" },
        requestId: options.actor.requestId,
      },
      tx,
    );
    return { id: invitation.id, status: "declined" as const };
  });
}
