import { db } from "../../../db/client";
import { openInvitations } from "./open-invitations";

/** The invitations waiting for the signed-in user's answer: which workspace, what role, who asked. */
export async function listMyInvitations(options: { userId: number }) {
  return openInvitations(db, { userId: options.userId });
}
