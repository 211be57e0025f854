import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { FieldError, FormSummary, RowError, useForm } from "~/components/ui/form";
import { useRevalidatingAction } from "~/components/ui/use-revalidating-action";
import { listConnectors } from "~/github.server";
import { useCanCall, useGate } from "~/permissions";
import { requireIdentity } from "~/session.server";
import { errorMessage, trpc } from "~/trpc";

export const meta: MetaFunction = () => [{ title: "Connectors · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  return json({ connectors: await listConnectors({ tenantId }) });
}

const input =
  "rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:aria-[invalid=true]:border-red-400";

/** GitHub connectors: add one with a token (checked against GitHub), revoke it, import its repositories. */
export default function ConnectorsPage() {
  const { connectors } = useLoaderData<typeof loader>();
  const [token, setToken] = useState("");
  const [name, setName] = useState("");
  const { act, error, rowError } = useRevalidatingAction();
  const form = useForm();
  const [confirm, dialog] = useConfirm();
  const [params] = useSearchParams();
  const [canConnect, canAdd, canBrowse, canRevoke] = [
    useGate({ permission: "integrations:manage" }),
    useCanCall("connectors.create"),
    useCanCall("connectors.repos"),
    useCanCall("connectors.revoke"),
  ];
  const [importing, setImporting] = useState<number | null>(params.get("connected") ? Number(params.get("connected")) : null);

  function add(event: FormEvent) {
    event.preventDefault();
    void form.submit(async () => {
      const connector = await trpc.connectors.create.mutate({ kind: "pat", token, name: name || undefined });
      setToken("");
      setName("");
      setImporting(connector.id);
    });
  }

  return (
    <div className="mx-auto max-w-4xl p-6">
      {dialog}
      <h1 className="text-2xl font-semibold">Connectors</h1>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        GitHub access for agents: cloning, pushing branches and opening pull requests. Tokens are encrypted and never shown again.
      </p>
      {params.get("error") ? (
        <p role="alert" className="mt-4 text-sm text-red-700 dark:text-red-400">
          {params.get("error")}
        </p>
      ) : null}
      <Form method="post" action="/connectors/github" className="mt-6">
        <button
          type="submit"
          {...canConnect.control()}
          className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-zinc-100 dark:text-zinc-900"
        >
          Connect with GitHub
        </button>
        <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">
          OAuth: grants repository access for your account. Or paste a token below.
        </span>
      </Form>
      {error ? (
        <p role="alert" className="mt-4 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <form
        noValidate
        onSubmit={add}
        className="mt-4 flex flex-wrap items-end gap-2 rounded-md border border-zinc-200 p-4 dark:border-zinc-800"
        aria-label="Add a GitHub connector"
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="connector-token" className="text-xs font-medium">
            GitHub token
          </label>
          <input
            id="connector-token"
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder="ghp_… or gho_…"
            className={`${input} w-full sm:w-80`}
            {...form.field("token")}
          />
          <FieldError {...form.error("token")} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="connector-name" className="text-xs font-medium">
            Name (optional)
          </label>
          <input
            id="connector-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            className={input}
            {...form.field("name")}
          />
          <FieldError {...form.error("name")} />
        </div>
        <button
          type="submit"
          {...canAdd.control(form.pending || !token)}
          className="rounded-md bg-lime-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        >
          {form.pending ? "Checking with GitHub…" : "Add connector"}
        </button>
        <p className="w-full text-xs text-zinc-500 dark:text-zinc-400">
          A personal access token with the `repo` scope (classic) or contents, pull requests and webhooks read/write
          (fine-grained).
        </p>
        <div className="w-full">
          <FormSummary message={form.errors.summary} />
        </div>
      </form>

      <ul className="mt-6 flex flex-col gap-3" aria-label="Connectors">
        {connectors.length === 0 ? <li className="text-sm text-zinc-500 dark:text-zinc-400">No connectors yet.</li> : null}
        {connectors.map((connector) => (
          <li key={connector.id} className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800" data-testid="connector">
            <div className="flex flex-wrap items-center gap-3">
              <strong>{connector.name}</strong>
              <span className="text-sm text-zinc-500 dark:text-zinc-400">@{connector.accountLogin}</span>
              <span
                className={`rounded-full px-2 py-0.5 text-xs ${connector.status === "active" ? "bg-lime-100 text-lime-800" : "bg-zinc-200 text-zinc-700"}`}
              >
                {connector.status}
              </span>
              {connector.scopes.length ? (
                <span className="text-xs text-zinc-500 dark:text-zinc-400">scopes: {connector.scopes.join(", ")}</span>
              ) : null}
              {connector.status === "active" ? (
                <span className="ml-auto flex gap-2">
                  <button
                    type="button"
                    {...canBrowse.control()}
                    className="rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700"
                    onClick={() => setImporting(importing === connector.id ? null : connector.id)}
                  >
                    {importing === connector.id ? "Close" : "Import repositories"}
                  </button>
                  <button
                    type="button"
                    {...canRevoke.control()}
                    className="rounded-md px-2 py-1 text-sm text-red-700 dark:text-red-400"
                    onClick={async () => {
                      const sure = await confirm({
                        title: `Revoke ${connector.name}?`,
                        description: "Runs on its repositories will stop working.",
                        confirmLabel: "Revoke connector",
                      });
                      if (!sure) return;
                      void act(() => trpc.connectors.revoke.mutate({ connectorId: connector.id }), undefined, `${connector.id}`);
                    }}
                  >
                    Revoke
                  </button>
                </span>
              ) : null}
            </div>
            {importing === connector.id ? <ImportPanel connectorId={connector.id} /> : null}
            <RowError message={rowError(`${connector.id}`)} />
          </li>
        ))}
      </ul>
    </div>
  );
}

type RepoPage = Awaited<ReturnType<typeof trpc.connectors.repos.query>>;

function ImportPanel({ connectorId }: { connectorId: number }) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<RepoPage | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const canImport = useCanCall("connectors.import");
  const load = async (which: number) => {
    setLoading(true);
    setError(null);
    try {
      setData(await trpc.connectors.repos.query({ connectorId, page: which, perPage: 20 }));
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(page);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [page]);

  return (
    <div className="mt-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
      {loading && !data ? <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading repositories from GitHub…</p> : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {data ? (
        <>
          <ul className="flex flex-col gap-1" aria-label="Repositories on GitHub">
            {data.items.length === 0 ? (
              <li className="text-sm text-zinc-500 dark:text-zinc-400">This token sees no repositories.</li>
            ) : null}
            {data.items.map((repo) => (
              <li key={repo.fullName} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  aria-label={repo.fullName}
                  disabled={repo.importedId !== null}
                  checked={repo.importedId !== null || selected.has(repo.fullName)}
                  onChange={(e) => {
                    const next = new Set(selected);
                    if (e.target.checked) next.add(repo.fullName);
                    else next.delete(repo.fullName);
                    setSelected(next);
                  }}
                />
                <span className="font-mono">{repo.fullName}</span>
                {repo.isPrivate ? <span className="text-xs text-zinc-500 dark:text-zinc-400">private</span> : null}
                {repo.importedId ? (
                  <Link to={`/repos/${repo.importedId}`} className="text-xs text-lime-700 dark:text-lime-400 hover:underline">
                    imported
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
          <div className="mt-3 flex items-center gap-2">
            <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)} className="text-sm disabled:opacity-40">
              ← Previous
            </button>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">Page {page}</span>
            <button
              type="button"
              disabled={!data.hasNextPage}
              onClick={() => setPage(page + 1)}
              className="text-sm disabled:opacity-40"
            >
              Next →
            </button>
            <button
              type="button"
              {...canImport.control(selected.size === 0)}
              className="ml-auto rounded-md bg-lime-700 px-3 py-1 text-sm text-white disabled:opacity-50"
              onClick={async () => {
                setError(null);
                try {
                  const imported = await trpc.connectors.import.mutate({ connectorId, fullNames: [...selected] });
                  setDone(`Imported ${imported.map((repo) => repo.fullName).join(", ")}.`);
                  setSelected(new Set());
                  await load(page);
                } catch (cause) {
                  setError(errorMessage(cause));
                }
              }}
            >
              Import {selected.size || ""} selected
            </button>
          </div>
          {done ? (
            <p role="status" className="mt-2 text-sm text-lime-700 dark:text-lime-400">
              {done}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
