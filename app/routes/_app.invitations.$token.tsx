import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { guardAppErrors, nullWhenNotFound } from "~/errors.server";
import { answerInvitation, getMyInvitation } from "~/invitations.server";
import { requireIdentity } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Invitation · Assembly Lime" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Signed out, requireIdentity sends the person to sign in and back here.
  const { userId } = await requireIdentity(request);
  // Every reason a link is not theirs to answer is NOT_FOUND: the page then says so as it does for a dead link.
  const invitation = await nullWhenNotFound(() => getMyInvitation({ userId, key: { token: params.token ?? "" } }));
  return json({ invitation, token: params.token ?? "" });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const identity = await requireIdentity(request);
  const form = await request.formData();
  form.set("token", params.token ?? "");
  return guardAppErrors(() => answerInvitation({ identity, form, requestId: String(context.requestId ?? "") }));
}

/** An invitation link: the invited login answers it; anyone else sees the same words as for a dead link. */
export default function InvitationLinkPage() {
  const { invitation } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-xl p-6">
      <h1 className="text-2xl font-semibold">Invitation</h1>
      {invitation ? (
        <>
          <p className="mt-4 text-sm">
            @{invitation.invitedBy ?? "an admin"} invites you to <strong>{invitation.tenantName}</strong> as {invitation.role}.
          </p>
          <Form method="post" className="mt-4 flex gap-2">
            <button name="intent" value="accept" className="rounded-md bg-lime-700 px-3 py-1.5 text-sm text-white">
              Accept
            </button>
            <button name="intent" value="decline" className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm">
              Decline
            </button>
          </Form>
        </>
      ) : (
        <p role="alert" className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
          This invitation cannot be used: it was answered, revoked or has expired, or it is for another GitHub account.
        </p>
      )}
    </div>
  );
}
