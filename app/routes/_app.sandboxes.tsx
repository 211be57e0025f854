import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { FieldError, FormSummary, inputClass, RowError, useForm } from "~/components/ui/form";
import { useRevalidatingAction } from "~/components/ui/use-revalidating-action";
import { useRevalidateOnWorkspaceChange } from "~/components/ui/workspace-events";
import { listRepositories } from "~/github.server";
import { listClusters, listSandboxes } from "~/kubernetes.server";
import { useCanCall } from "~/permissions";
import { requireIdentity } from "~/session.server";
import { errorMessage, trpc } from "~/trpc";

export const meta: MetaFunction = () => [{ title: "Sandboxes · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  const [sandboxes, clusters, repositories] = await Promise.all([
    listSandboxes({ tenantId }),
    listClusters({ tenantId }),
    listRepositories({ tenantId }),
  ]);
  const ready = clusters.filter((cluster) => cluster.status === "ready");
  // Registered but not ready: the page says which, in what state, and what to do, instead of "register one".
  const notReady = clusters
    .filter((cluster) => cluster.status !== "ready")
    .map((cluster) => ({
      id: cluster.id,
      name: cluster.name,
      status: cluster.status,
      error: (cluster.syncInfo as { error?: string } | null)?.error ?? null,
    }));
  return json({ sandboxes, clusters: ready, notReady, repositories });
}

const box = inputClass;

/** Ephemeral dev environments: a pod with a repository at a branch; its logs; destroy. */
export default function SandboxesPage() {
  const { sandboxes, clusters, notReady, repositories } = useLoaderData<typeof loader>();
  const [clusterId, setClusterId] = useState<number | "">(clusters[0]?.id ?? "");
  const [repositoryId, setRepositoryId] = useState<number | "">("");
  const [branch, setBranch] = useState("");
  const [viewing, setViewing] = useState<number | null>(null);
  const { act, error, rowError } = useRevalidatingAction();
  const form = useForm();
  const [confirm, dialog] = useConfirm();
  useRevalidateOnWorkspaceChange(["sandbox"]);
  const [canStart, canDestroy] = [useCanCall("sandboxes.create"), useCanCall("sandboxes.destroy")];

  const create = (event: FormEvent) => {
    event.preventDefault();
    if (!clusterId) return;
    void form.submit(async () => {
      const sandbox = await trpc.sandboxes.create.mutate({
        clusterId,
        repositoryId: repositoryId || null,
        branch: branch || null,
      });
      setViewing(sandbox.id);
    });
  };

  return (
    <div className="mx-auto max-w-5xl p-6">
      {dialog}
      <h1 className="text-2xl font-semibold">Sandboxes</h1>
      {clusters.length === 0 && notReady.length > 0 ? (
        <div role="status" className="mt-4 text-sm text-zinc-600 dark:text-zinc-300" data-testid="clusters-not-ready">
          <p>No cluster is ready for sandboxes yet:</p>
          <ul className="mt-1 list-disc pl-5">
            {notReady.map((cluster) => (
              <li key={cluster.id}>
                <strong>{cluster.name}</strong> is {cluster.status}
                {cluster.error ? ` (${cluster.error})` : ""}.{" "}
                <Link to="/clusters" className="text-lime-700 underline dark:text-lime-400">
                  {cluster.status === "error" ? "Fix its kubeconfig or Sync it on Clusters" : "Sync it on Clusters"}
                </Link>
                .
              </li>
            ))}
          </ul>
        </div>
      ) : clusters.length === 0 ? (
        <p className="mt-4 text-sm text-zinc-500 dark:text-zinc-400">
          Register a Kubernetes cluster first on{" "}
          <Link to="/clusters" className="text-lime-700 underline dark:text-lime-400">
            Clusters
          </Link>
          ; sandboxes run there.
        </p>
      ) : (
        <form noValidate onSubmit={create} className="mt-4 flex flex-wrap items-center gap-2" aria-label="New sandbox">
          <select
            aria-label="Cluster"
            className={box}
            value={clusterId}
            onChange={(e) => setClusterId(Number(e.target.value))}
            {...form.field("clusterId")}
          >
            {clusters.map((cluster) => (
              <option key={cluster.id} value={cluster.id}>
                {cluster.name}
              </option>
            ))}
          </select>
          <select
            aria-label="Repository"
            className={box}
            value={repositoryId}
            onChange={(e) => setRepositoryId(e.target.value ? Number(e.target.value) : "")}
            {...form.field("repositoryId")}
          >
            <option value="">No repository</option>
            {repositories.map((repo) => (
              <option key={repo.id} value={repo.id}>
                {repo.fullName}
              </option>
            ))}
          </select>
          <input
            aria-label="Branch"
            placeholder="branch (default branch if empty)"
            className={box}
            value={branch}
            onChange={(e) => setBranch(e.target.value)}
            {...form.field("branch")}
          />
          <button
            type="submit"
            {...canStart.control(form.pending)}
            className="rounded-md bg-lime-700 px-3 py-1.5 text-sm text-white disabled:opacity-50"
          >
            {form.pending ? "Starting…" : "Start sandbox"}
          </button>
          <div className="basis-full">
            <FieldError {...form.error("clusterId")} />
            <FieldError {...form.error("repositoryId")} />
            <FieldError {...form.error("branch")} />
            <FormSummary message={form.errors.summary} />
          </div>
        </form>
      )}
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <ul className="mt-6 flex flex-col gap-2" aria-label="Sandboxes">
        {sandboxes.length === 0 ? <li className="text-sm text-zinc-500 dark:text-zinc-400">No sandboxes running.</li> : null}
        {sandboxes.map((sandbox) => (
          <li key={sandbox.id} className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
            <div className="flex items-center gap-3">
              <strong>#{sandbox.id}</strong>
              <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs dark:bg-zinc-800">{sandbox.status}</span>
              <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">
                {sandbox.repository ?? "empty"}
                {sandbox.branch ? `@${sandbox.branch}` : ""} · {sandbox.podName}
              </span>
              <span className="ml-auto flex gap-2">
                <button type="button" className="text-xs" onClick={() => setViewing(viewing === sandbox.id ? null : sandbox.id)}>
                  {viewing === sandbox.id ? "Hide logs" : "Logs"}
                </button>
                <button
                  type="button"
                  {...canDestroy.control()}
                  className="text-xs text-red-700 dark:text-red-400"
                  onClick={async () => {
                    if (
                      await confirm({
                        title: `Destroy sandbox #${sandbox.id}?`,
                        description: `Its pod ${sandbox.podName ?? ""} is deleted with everything written in it; its logs go too.`,
                        confirmLabel: "Destroy sandbox",
                      })
                    )
                      void act(() => trpc.sandboxes.destroy.mutate({ sandboxId: sandbox.id }), undefined, `${sandbox.id}`);
                  }}
                >
                  Destroy
                </button>
              </span>
            </div>
            {viewing === sandbox.id ? <LogViewer sandboxId={sandbox.id} /> : null}
            <RowError message={rowError(`${sandbox.id}`)} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Follows a sandbox's logs: new lines every two seconds, kept across pod restarts. */
function LogViewer({ sandboxId }: { sandboxId: number }) {
  const [lines, setLines] = useState<Array<{ id: number; line: string }>>([]);
  const [status, setStatus] = useState<string>("");
  const [error, setError] = useState<string | null>(null);
  const last = useRef(0);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // One poll at a time: the next is scheduled only once this one has finished,
    // so two responses can never append the same lines.
    const poll = async () => {
      try {
        const result = await trpc.sandboxes.logs.query({ sandboxId, afterId: last.current });
        if (stopped) return;
        setStatus(result.status);
        if (result.lines.length) {
          last.current = result.lines[result.lines.length - 1]!.id;
          setLines((current) => [...current, ...result.lines].slice(-2000));
        }
      } catch (cause) {
        if (!stopped) setError(errorMessage(cause));
      }
      if (!stopped) timer = setTimeout(() => void poll(), 2000);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [sandboxId]);
  return (
    <div className="mt-2">
      <p className="text-xs text-zinc-500 dark:text-zinc-400">Pod {status || "…"}</p>
      {error ? <p className="text-xs text-red-700 dark:text-red-400">{error}</p> : null}
      <pre data-testid="sandbox-logs" className="mt-1 max-h-80 overflow-auto rounded bg-zinc-950 p-2 text-xs text-zinc-100">
        {lines.length ? lines.map((entry) => entry.line).join("\n") : "No output yet."}
      </pre>
    </div>
  );
}
