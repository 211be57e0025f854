import { redirect } from "@remix-run/node";
import { z } from "zod";
import { ZInvitationKey } from "../server/routers/invitations/schemas";
import { acceptInvitation } from "../server/services/invitations/accept-invitation";
import { declineInvitation } from "../server/services/invitations/decline-invitation";
import { switchSessionWorkspace } from "../server/services/sessions/switch-session-workspace";
import type { TenantIdentity } from "./session.server";

export { getMyInvitation } from "../server/services/invitations/get-my-invitation";
export { listMyInvitations } from "../server/services/invitations/list-my-invitations";

const ZAnswer = z.enum(["accept", "decline"]);

/**
 * A form's answer to an invitation (the banner's, by id; the link page's, by
 * token). Accepting opens the session in the workspace just joined.
 */
export async function answerInvitation(options: { identity: TenantIdentity; form: FormData; requestId: string }) {
  const token = options.form.get("token");
  const answer = ZAnswer.safeParse(options.form.get("intent"));
  const key = ZInvitationKey.safeParse(token ? { token } : { invitationId: Number(options.form.get("invitationId")) });
  if (!answer.success || !key.success) throw new Response("Accept or decline one invitation.", { status: 400 });
  const actor = { userId: options.identity.userId, apiKeyId: null, requestId: options.requestId };
  if (answer.data === "decline") {
    await declineInvitation({ actor, key: key.data });
    return redirect("/");
  }
  const accepted = await acceptInvitation({ actor, key: key.data });
  await switchSessionWorkspace({ sessionId: options.identity.sessionId, userId: actor.userId, tenantId: accepted.tenantId });
  return redirect("/");
}
