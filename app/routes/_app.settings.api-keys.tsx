import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { DateTime } from "~/components/ui/date-time";
import { FieldError, FormSummary, inputClass, RowError, useForm } from "~/components/ui/form";
import { useRevalidatingAction } from "~/components/ui/use-revalidating-action";
import { listApiKeys, PERMISSION_LABELS, PERMISSIONS } from "~/governance.server";
import { useCanCall } from "~/permissions";
import { requirePermission } from "~/session.server";
import { trpc } from "~/trpc";

export const meta: MetaFunction = () => [{ title: "API keys · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId, permissions } = await requirePermission(request, "keys:manage");
  return json({
    keys: await listApiKeys({ tenantId }),
    scopes: PERMISSIONS.filter((permission) => permissions.includes(permission)).map((permission) => ({
      permission,
      label: PERMISSION_LABELS[permission],
    })),
  });
}

/** API keys for scripts and the CLI: created with scopes, shown once, revocable. */
export default function ApiKeysPage() {
  const { keys, scopes } = useLoaderData<typeof loader>();
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<Set<string>>(new Set(["workspace:read"]));
  const [created, setCreated] = useState<string | null>(null);
  const { act, error, rowError } = useRevalidatingAction();
  const form = useForm();
  const [confirm, dialog] = useConfirm();
  const [canCreate, canRevoke] = [useCanCall("apiKeys.create"), useCanCall("apiKeys.revoke")];
  const create = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    void form.submit(async () => {
      const key = await trpc.apiKeys.create.mutate({ name, scopes: [...chosen] as (typeof PERMISSIONS)[number][] });
      setCreated(key.key);
      setName("");
    });
  };
  return (
    <div className="mx-auto max-w-3xl p-6">
      {dialog}
      <h1 className="text-2xl font-semibold">API keys</h1>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        For scripts and <code>npm run cli</code>: send <code>Authorization: Bearer al_…</code>. A key acts as you, limited to its
        scopes.
      </p>
      <form
        noValidate
        onSubmit={create}
        className="mt-4 flex flex-col gap-2 rounded-md border border-zinc-200 p-4 dark:border-zinc-800"
        aria-label="New API key"
      >
        <input
          aria-label="Key name"
          placeholder="Name (e.g. CI)"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className={inputClass}
          {...form.field("name")}
        />
        <FieldError {...form.error("name")} />
        <fieldset className="grid gap-1 sm:grid-cols-2" {...form.field("scopes")}>
          <legend className="text-xs text-zinc-500 dark:text-zinc-400">Scopes</legend>
          {scopes.map((scope) => (
            <label key={scope.permission} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={chosen.has(scope.permission)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(scope.permission);
                  else next.delete(scope.permission);
                  setChosen(next);
                }}
              />
              <span title={scope.label}>{scope.permission}</span>
            </label>
          ))}
        </fieldset>
        <FieldError {...form.error("scopes")} />
        <FormSummary message={form.errors.summary} />
        <button
          type="submit"
          {...canCreate.control(!name || chosen.size === 0 || form.pending)}
          className="self-end rounded-md bg-lime-700 px-3 py-1.5 text-sm text-white disabled:opacity-50"
        >
          {form.pending ? "Saving…" : "Create key"}
        </button>
      </form>
      {created ? (
        <div role="status" className="mt-3 rounded-md border border-lime-300 bg-lime-50 p-3 text-sm dark:bg-lime-950/30">
          Copy it now — it will not be shown again:
          <code data-testid="new-api-key" className="mt-1 block break-all font-mono">
            {created}
          </code>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <ul className="mt-4 flex flex-col gap-2" aria-label="API keys">
        {keys.map((key) => (
          <li
            key={key.id}
            className="flex flex-wrap items-center gap-2 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
            data-testid="api-key"
          >
            <strong>{key.name}</strong>
            <code className="text-xs">{key.prefix}…</code>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">{key.scopes.join(", ")}</span>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              {key.lastUsedAt ? (
                <>
                  used <DateTime value={key.lastUsedAt} />
                </>
              ) : (
                "never used"
              )}
            </span>
            {key.revokedAt ? (
              <span className="ml-auto text-xs text-red-700 dark:text-red-400">revoked</span>
            ) : (
              <button
                type="button"
                {...canRevoke.control()}
                className="ml-auto text-xs text-red-700 dark:text-red-400"
                onClick={async () => {
                  if (
                    await confirm({
                      title: `Revoke the API key ${key.name}?`,
                      description: `Scripts and CLIs using ${key.prefix}… are refused from now on; a revoked key cannot be restored.`,
                      confirmLabel: "Revoke key",
                    })
                  )
                    void act(() => trpc.apiKeys.revoke.mutate({ apiKeyId: key.id }), undefined, `${key.id}`);
                }}
              >
                Revoke
              </button>
            )}
            <RowError message={rowError(`${key.id}`)} />
          </li>
        ))}
      </ul>
    </div>
  );
}
