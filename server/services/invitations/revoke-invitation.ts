import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { invitations } from "../../../db/schema";
import { notFound } from "../../errors";

/** Withdraws an open invitation: its link and its banner stop working. Another workspace's is NOT_FOUND. */
export async function revokeInvitation(options: { tenantId: number; invitationId: number }) {
  const [row] = await db
    .update(invitations)
    .set({ status: "revoked" })
    .where(
      and(
        eq(invitations.id, options.invitationId),
        eq(invitations.tenantId, options.tenantId),
        eq(invitations.status, "pending"),
      ),
    )
    .returning({ id: invitations.id, status: invitations.status });
  if (!row) throw notFound("Invitation");
  return row;
}
