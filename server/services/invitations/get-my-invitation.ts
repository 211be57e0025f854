import { db } from "../../../db/client";
import { openInvitation, type InvitationKey } from "./open-invitation";

/** One invitation waiting for this user's answer (the link's page), or NOT_FOUND for any other. */
export async function getMyInvitation(options: { userId: number; key: InvitationKey }) {
  return openInvitation(db, options);
}
