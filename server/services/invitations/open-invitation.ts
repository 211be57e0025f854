import type { Executor } from "../../../db/client";
import { notFound } from "../../errors";
import { openInvitations, type InvitationKey } from "./open-invitations";

/** One open invitation of this user's, or NOT_FOUND — the same answer for every reason it is not theirs to answer. */
export async function openInvitation(executor: Executor, options: { userId: number; key: InvitationKey; lock?: boolean }) {
  const [row] = await openInvitations(executor, options);
  if (!row) throw notFound("Invitation");
  return row;
}
