import { eq } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { invitations } from "../../../db/schema";
import type { AuditActor } from "../audit/audit-actor";
import { writeAudit } from "../audit/write-audit";

/** Closes an invitation with its invitee's answer and records it in the inviting workspace's audit log. */
export async function recordAnswer(
  tx: Executor,
  options: {
    actor: AuditActor;
    invitation: { id: number; tenantId: number };
    status: "accepted" | "declined";
    after: Record<string, unknown>;
  },
) {
  const { actor, invitation, status } = options;
  await tx
    .update(invitations)
    .set({ status, respondedByUserId: actor.userId, respondedAt: new Date() })
    .where(eq(invitations.id, invitation.id));
  await writeAudit(
    {
      tenantId: invitation.tenantId,
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKeyId,
      action: status === "accepted" ? "invitations.accept" : "invitations.decline",
      targetType: "invitations",
      targetId: String(invitation.id),
      after: options.after,
      requestId: actor.requestId,
    },
    tx,
  );
}
