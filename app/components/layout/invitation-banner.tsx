import { Form } from "@remix-run/react";

type Invitation = { id: number; tenantName: string; role: string; invitedBy: string | null };

/** One invitation with its Accept and Decline buttons (posted to /invitations). */
export function InvitationAnswer({ invitation }: { invitation: Invitation }) {
  return (
    <Form method="post" action="/invitations" className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="invitationId" value={invitation.id} />
      <span>
        @{invitation.invitedBy ?? "an admin"} invites you to <strong>{invitation.tenantName}</strong> as {invitation.role}.
      </span>
      <span className="ml-auto flex gap-2">
        <button
          name="intent"
          value="accept"
          aria-label={`Accept the invitation to ${invitation.tenantName}`}
          className="rounded-md bg-lime-700 px-2 py-1 text-xs text-white"
        >
          Accept
        </button>
        <button
          name="intent"
          value="decline"
          aria-label={`Decline the invitation to ${invitation.tenantName}`}
          className="rounded-md border border-zinc-300 px-2 py-1 text-xs"
        >
          Decline
        </button>
      </span>
    </Form>
  );
}

/** Shown above every page while invitations wait for the signed-in user's answer. */
export function InvitationBanner({ invitations }: { invitations: Invitation[] }) {
  if (invitations.length === 0) return null;
  return (
    <section
      aria-label="Invitations"
      className="flex flex-col gap-2 border-b border-lime-200 bg-lime-50 px-4 py-2 text-sm dark:border-lime-900 dark:bg-lime-950"
    >
      {invitations.map((invitation) => (
        <InvitationAnswer key={invitation.id} invitation={invitation} />
      ))}
    </section>
  );
}
