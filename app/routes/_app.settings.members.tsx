import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { listInvitations, listMembers, ROLE_KEYS, ROLE_NAMES } from "~/governance.server";
import { useCanCall } from "~/permissions";
import { requireIdentity } from "~/session.server";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { DateTime } from "~/components/ui/date-time";
import { FieldError, FormSummary, inputClass, RowError, useForm } from "~/components/ui/form";
import { useRevalidatingAction } from "~/components/ui/use-revalidating-action";
import { trpc } from "~/trpc";

export const meta: MetaFunction = () => [{ title: "Members · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId, userId } = await requireIdentity(request);
  return json({
    members: await listMembers({ tenantId }),
    invitations: await listInvitations({ tenantId }),
    me: userId,
    roles: ROLE_KEYS.map((key) => ({ key, name: ROLE_NAMES[key] })),
  });
}

const box = inputClass;

export default function MembersPage() {
  const { members, invitations, me, roles } = useLoaderData<typeof loader>();
  const [canInvite, canRevoke, canSetRole, canRemove] = [
    useCanCall("members.invite"),
    useCanCall("members.revokeInvitation"),
    useCanCall("members.setRole"),
    useCanCall("members.remove"),
  ];
  const [login, setLogin] = useState("");
  const [role, setRole] = useState<(typeof ROLE_KEYS)[number]>("dev");
  const [link, setLink] = useState<{ login: string; url: string; checked: boolean } | null>(null);
  const { act, error, rowError } = useRevalidatingAction();
  const form = useForm();
  const [confirm, dialog] = useConfirm();
  const invite = (event: FormEvent) => {
    event.preventDefault();
    setLink(null);
    void form.submit(async () => {
      const invitation = await trpc.members.invite.mutate({ login, role });
      setLink({ login: invitation.login, url: invitation.link, checked: invitation.checked });
      setLogin("");
    });
  };
  return (
    <div className="mx-auto max-w-3xl p-6">
      {dialog}
      <h1 className="text-2xl font-semibold">Members</h1>
      {canInvite.allowed ? (
        <form noValidate onSubmit={invite} className="mt-4 flex flex-wrap gap-2" aria-label="Invite a member">
          <input
            aria-label="GitHub login"
            placeholder="GitHub login"
            className={box}
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            {...form.field("login")}
          />
          <select aria-label="Role" className={box} value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
            {roles.map((entry) => (
              <option key={entry.key} value={entry.key}>
                {entry.name}
              </option>
            ))}
          </select>
          <button
            type="submit"
            {...canInvite.control(!login || form.pending)}
            className="rounded-md bg-lime-700 px-3 py-1.5 text-sm text-white disabled:opacity-50"
          >
            {form.pending ? "Inviting…" : "Invite"}
          </button>
          <div className="basis-full">
            <FieldError {...form.error("login")} />
            <FieldError {...form.error("role")} />
            <FormSummary message={form.errors.summary} />
          </div>
        </form>
      ) : null}
      {canInvite.allowed ? (
        <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          Nobody joins until they accept: the invitation waits for them after they sign in with that GitHub login.
        </p>
      ) : null}
      {link ? (
        <p role="status" className="mt-3 text-sm">
          Invited @{link.login}. You can also send this link (shown once):{" "}
          <code data-testid="invitation-link" className="break-all font-mono text-xs">
            {link.url}
          </code>
          {link.checked ? null : (
            <span data-testid="invitation-unchecked" className="mt-1 block text-xs text-zinc-600 dark:text-zinc-400">
              GitHub was not asked whether @{link.login} exists: this workspace has no GitHub connector yet. Check the spelling,
              or add a connector first so logins are checked.
            </span>
          )}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {invitations.length > 0 ? (
        <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Pending invitations">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center gap-3 py-2 text-sm text-zinc-600 dark:text-zinc-300">
              <span>invited @{invitation.login}</span>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">
                {roles.find((entry) => entry.key === invitation.role)?.name} · until{" "}
                <DateTime value={invitation.expiresAt} dateOnly />
              </span>
              {canRevoke.allowed ? (
                <button
                  type="button"
                  {...canRevoke.marker}
                  className="ml-auto text-xs text-red-700 dark:text-red-400"
                  onClick={async () => {
                    if (
                      await confirm({
                        title: `Cancel the invitation for @${invitation.login}?`,
                        description: "Its link stops working; you can invite them again later.",
                        confirmLabel: "Cancel invitation",
                        cancelLabel: "Keep it",
                      })
                    )
                      void act(
                        () => trpc.members.revokeInvitation.mutate({ invitationId: invitation.id }),
                        undefined,
                        `invitation-${invitation.id}`,
                      );
                  }}
                >
                  Revoke
                </button>
              ) : null}
              <RowError message={rowError(`invitation-${invitation.id}`)} />
            </li>
          ))}
        </ul>
      ) : null}
      <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Members">
        {members.map((member) => (
          <li key={member.id} className="flex flex-wrap items-center gap-3 py-2 text-sm">
            <span className="font-medium">@{member.login}</span>
            {member.id === me ? <span className="text-xs text-zinc-500 dark:text-zinc-400">(you)</span> : null}
            <span className="ml-auto">
              {canSetRole.allowed ? (
                <select
                  {...canSetRole.marker}
                  aria-label={`Role of ${member.login}`}
                  className={box}
                  value={member.role}
                  onChange={(e) =>
                    act(
                      () => trpc.members.setRole.mutate({ userId: member.id, role: e.target.value as typeof role }),
                      undefined,
                      `member-${member.id}`,
                    )
                  }
                >
                  {roles.map((entry) => (
                    <option key={entry.key} value={entry.key}>
                      {entry.name}
                    </option>
                  ))}
                </select>
              ) : (
                roles.find((entry) => entry.key === member.role)?.name
              )}
            </span>
            {canRemove.allowed ? (
              <button
                type="button"
                {...canRemove.marker}
                className="text-xs text-red-700 dark:text-red-400"
                onClick={async () => {
                  if (
                    await confirm({
                      title: `Remove @${member.login} from the workspace?`,
                      description: "They lose access at once; their past work and audit entries stay.",
                      confirmLabel: "Remove member",
                    })
                  )
                    void act(() => trpc.members.remove.mutate({ userId: member.id }), undefined, `member-${member.id}`);
                }}
              >
                Remove
              </button>
            ) : null}
            <RowError message={rowError(`member-${member.id}`)} />
          </li>
        ))}
      </ul>
    </div>
  );
}
