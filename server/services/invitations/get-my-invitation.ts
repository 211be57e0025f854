import { db } from "../../../db/client";
import { openInvitation } from "./open-invitation";
import type { InvitationKey } from "./open-invitations";

/** One invitation waiting for this user's answer (the link's page), or NOT_FOUND for any other. */
export async function getMyInvitation(options: { userId: number; key: InvitationKey }) {
  return openInvitation(db, options);
}
