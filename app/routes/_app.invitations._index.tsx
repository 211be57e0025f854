import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { InvitationAnswer } from "~/components/layout/invitation-banner";
import { guardAppErrors } from "~/errors.server";
import { answerInvitation, listMyInvitations } from "~/invitations.server";
import { requireIdentity } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Invitations · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { userId } = await requireIdentity(request);
  return json({ invitations: await listMyInvitations({ userId }) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const identity = await requireIdentity(request);
  const form = await request.formData();
  return guardAppErrors(() => answerInvitation({ identity, form, requestId: String(context.requestId ?? "") }));
}

/** The invitations waiting for the signed-in user, each answered here or from the banner. */
export default function InvitationsPage() {
  const { invitations } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl p-6">
      <h1 className="text-2xl font-semibold">Invitations</h1>
      {invitations.length === 0 ? (
        <p className="mt-4 text-sm text-zinc-500 dark:text-zinc-400">No invitations are waiting for you.</p>
      ) : null}
      <ul className="mt-4 flex flex-col gap-2" aria-label="Your invitations">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
            <InvitationAnswer invitation={invitation} />
          </li>
        ))}
      </ul>
    </div>
  );
}
