import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { ConfigScanState } from "~/components/repos/config-scan-state";
import { DetectedConfig } from "~/components/repos/detected-config";
import { useRevalidateOnWorkspaceChange } from "~/components/ui/workspace-events";
import { guardAppErrors, invariantResponse } from "~/errors.server";
import { getRepository, listRepositoryConfigs } from "~/github.server";
import { useCanCall } from "~/permissions";
import { requireIdentity } from "~/session.server";
import { lastWorkspaceEventId } from "~/workspace.server";
import { errorMessage, trpc } from "~/trpc";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.repository.fullName ?? "Repository"} · Assembly Lime` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  const repositoryId = Number(params.id);
  invariantResponse(Number.isSafeInteger(repositoryId) && repositoryId > 0, "Repository not found", { status: 404 });
  // Read before the data: a change committed after it reaches the page even if it lands before the page mounts.
  const workspaceEventId = await lastWorkspaceEventId({ tenantId });
  const { cloneUrl: _cloneUrl, ...repository } = await guardAppErrors(() => getRepository({ tenantId, repositoryId }));
  const configs = await guardAppErrors(() => listRepositoryConfigs({ tenantId, repositoryId }));
  return json({ repository, configs, workspaceEventId });
}

type Tree = Awaited<ReturnType<typeof trpc.repositories.fileTree.query>>;
type File = Awaited<ReturnType<typeof trpc.repositories.file.query>>;

/** A repository: branch selector, file tree, file viewer, detected configs, webhook set-up. */
export default function RepoPage() {
  const data = useLoaderData<typeof loader>();
  const { repository, configs } = data;
  // A scan (the import's, a Rescan, another tab's) shows its state and result without a reload.
  useRevalidateOnWorkspaceChange(["repository"], data.workspaceEventId);
  const { revalidate } = useRevalidator();
  // A Rescan reads as scanning from the click until the page's data is newer than what it showed then.
  const [rescanFrom, setRescanFrom] = useState<typeof data | null>(null);
  const scan = {
    status: rescanFrom === data ? ("queued" as const) : repository.configScanStatus,
    error: repository.configScanError,
    scannedAt: repository.configScannedAt,
  };
  const [canScan, canSetUpWebhook] = [useCanCall("repositories.scanConfigs"), useCanCall("repositories.setupWebhook")];
  const [params, setParams] = useSearchParams();
  const ref = params.get("ref") ?? repository.defaultBranch;
  const path = params.get("path");
  const [branches, setBranches] = useState<string[]>([repository.defaultBranch]);
  const [tree, setTree] = useState<Tree | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [filter, setFilter] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // Each load ignores its answer once a newer one has started (another branch, path or repository).
  useEffect(() => {
    let cancelled = false;
    setError(null);
    trpc.repositories.branches.query({ repositoryId: repository.id }).then(
      (list) => !cancelled && setBranches(list.map((branch) => branch.name)),
      (cause: unknown) => !cancelled && setError(errorMessage(cause)),
    );
    return () => {
      cancelled = true;
    };
  }, [repository.id]);
  useEffect(() => {
    let cancelled = false;
    setTree(null);
    setError(null);
    trpc.repositories.fileTree.query({ repositoryId: repository.id, ref }).then(
      (next) => !cancelled && setTree(next),
      (cause: unknown) => !cancelled && setError(errorMessage(cause)),
    );
    return () => {
      cancelled = true;
    };
  }, [repository.id, ref]);
  useEffect(() => {
    let cancelled = false;
    setFile(null);
    if (!path) return;
    setError(null);
    trpc.repositories.file.query({ repositoryId: repository.id, ref, path }).then(
      (next) => !cancelled && setFile(next),
      (cause: unknown) => !cancelled && setError(errorMessage(cause)),
    );
    return () => {
      cancelled = true;
    };
  }, [repository.id, ref, path]);

  const files = useMemo(
    () =>
      (tree?.entries ?? []).filter((entry) => entry.type === "file" && entry.path.toLowerCase().includes(filter.toLowerCase())),
    [tree, filter],
  );
  const go = (next: Record<string, string | null>) => {
    const search = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next))
      if (value === null) search.delete(key);
      else search.set(key, value);
    setParams(search, { replace: true });
  };

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-4 p-6">
      <nav className="text-sm">
        <Link to="/repos" className="text-zinc-500 dark:text-zinc-400 hover:underline">
          ← Repositories
        </Link>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-xl font-semibold">{repository.fullName}</h1>
        <label className="sr-only" htmlFor="branch">
          Branch
        </label>
        <select
          id="branch"
          value={ref}
          onChange={(e) => go({ ref: e.target.value, path: null })}
          className="rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          {branches.map((branch) => (
            <option key={branch}>{branch}</option>
          ))}
        </select>
        <span className="ml-auto flex gap-2">
          <button
            type="button"
            {...canScan.control()}
            className="rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700"
            onClick={async () => {
              setError(null);
              setRescanFrom(data);
              try {
                await trpc.repositories.scanConfigs.mutate({ repositoryId: repository.id });
                revalidate();
              } catch (cause) {
                setRescanFrom(null);
                setError(errorMessage(cause));
              }
            }}
          >
            Rescan configs
          </button>
          <button
            type="button"
            {...canSetUpWebhook.control()}
            className="rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700"
            onClick={async () => {
              try {
                const hook = await trpc.repositories.setupWebhook.mutate({ repositoryId: repository.id });
                setNotice(hook.created ? "Webhook created on GitHub." : "The webhook was already set up.");
              } catch (cause) {
                setError(errorMessage(cause));
              }
            }}
          >
            Set up webhook
          </button>
        </span>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p role="status" className="text-sm text-lime-700 dark:text-lime-400">
          {notice}
        </p>
      ) : null}
      <div className="grid min-h-[60vh] grid-cols-[18rem_1fr] gap-4">
        <aside
          className="flex flex-col gap-2 overflow-hidden rounded-md border border-zinc-200 p-2 dark:border-zinc-800"
          aria-label="Files"
        >
          <input
            aria-label="Filter files"
            placeholder="Filter files"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="rounded border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          {!tree ? <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading the tree…</p> : null}
          <ul className="min-h-0 flex-1 overflow-y-auto font-mono text-xs" data-testid="file-tree">
            {files.map((entry) => (
              <li key={entry.path}>
                <button
                  type="button"
                  onClick={() => go({ path: entry.path })}
                  className={`w-full truncate rounded px-1 py-0.5 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800 ${entry.path === path ? "bg-lime-100 dark:bg-lime-900/40" : ""}`}
                >
                  {entry.path}
                </button>
              </li>
            ))}
          </ul>
          {tree?.truncated ? <p className="text-xs text-amber-700 dark:text-amber-400">GitHub truncated this tree.</p> : null}
        </aside>
        <section className="overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800" aria-label="File viewer">
          {!path ? (
            <div className="p-4">
              <h2 className="text-sm font-semibold">Detected configuration</h2>
              <ConfigScanState scan={scan} />
              {configs.length === 0 && scan.status === "done" ? (
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">No config files found on the default branch.</p>
              ) : null}
              <ul className="mt-2 flex flex-col gap-3" data-testid="configs" aria-label="Detected configuration">
                {configs.map((config) => (
                  <DetectedConfig key={config.path} config={config} />
                ))}
              </ul>
            </div>
          ) : !file ? (
            <p className="p-4 text-sm text-zinc-500 dark:text-zinc-400">Loading {path}…</p>
          ) : file.text === null ? (
            <p className="p-4 text-sm text-zinc-500 dark:text-zinc-400">
              {file.path} is {file.reason === "binary" ? "a binary file" : "too large to show"} ({file.size} bytes).
            </p>
          ) : (
            <div className="h-full overflow-auto">
              <p className="border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-900">
                {file.path}
              </p>
              <pre data-testid="file-content" className="p-3 text-xs leading-5">
                {file.text.split("\n").map((line, index) => (
                  <div key={index} className="flex">
                    <span className="w-10 shrink-0 select-none pr-3 text-right text-zinc-600 dark:text-zinc-400">
                      {index + 1}
                    </span>
                    <span className="whitespace-pre-wrap break-all">{line}</span>
                  </div>
                ))}
              </pre>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
