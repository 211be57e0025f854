import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { guardAppErrors } from "~/errors.server";
import { requireIdentity } from "~/session.server";
import { switchSessionWorkspace } from "../../server/services/sessions/switch-session-workspace";

const ZSwitch = z.object({ tenantId: z.coerce.number().int().positive() });

/** The header's workspace switcher: opens this session in another of the user's workspaces, at its Home. */
export async function action({ request }: ActionFunctionArgs) {
  const identity = await requireIdentity(request);
  const parsed = ZSwitch.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Choose one of your workspaces.", { status: 400 });
  await guardAppErrors(() =>
    switchSessionWorkspace({ sessionId: identity.sessionId, userId: identity.userId, tenantId: parsed.data.tenantId }),
  );
  return redirect("/");
}
