import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { RunComposer } from "~/components/runs/run-composer";
import { RunPanel } from "~/components/runs/run-panel";
import { describe, type QueueReason } from "~/components/runs/queue-reason";
import { StatusBadge } from "~/components/runs/status-badge";
import { useRevalidateWhile } from "~/components/ui/use-revalidate-while";
import { useRevalidateOnWorkspaceChange } from "~/components/ui/workspace-events";
import { listClusters } from "~/kubernetes.server";
import { listProjects, searchFeatures } from "~/projects.server";
import { getEnv } from "~/env.server";
import { explainQueuedRun, getRunDetail, listRuns, providerOptions } from "~/runs.server";
import { useCan } from "~/permissions";
import { requireIdentity } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Command Center · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  const runParam = Number(new URL(request.url).searchParams.get("run"));
  const [recent, projects, selected, features, clusters] = await Promise.all([
    listRuns({ tenantId, limit: 30 }),
    listProjects({ tenantId }),
    Number.isSafeInteger(runParam) && runParam > 0 ? getRunDetail({ tenantId, runId: runParam }) : null,
    searchFeatures({ tenantId }),
    listClusters({ tenantId }),
  ]);
  // Why each queued run waits: the selected one's panel says so, and so does its line in the list.
  const slots = getEnv().AGENT_RUN_CONCURRENCY;
  const queuedIds = new Set(recent.items.filter((run) => run.status === "queued").map((run) => run.id));
  if (selected?.status === "queued") queuedIds.add(selected.id);
  const reasons = await Promise.all(
    [...queuedIds].map(async (runId) => [runId, await explainQueuedRun({ tenantId, runId, slots })] as const),
  );
  const queueReasons: Record<number, QueueReason> = {};
  for (const [runId, reason] of reasons) if (reason) queueReasons[runId] = reason;
  const queueReason = selected ? (queueReasons[selected.id] ?? null) : null;
  return json({
    recent: recent.items,
    projects,
    selected,
    queueReason,
    queueReasons,
    features,
    clusters,
    providers: providerOptions(),
  });
}

/**
 * The Command Center: chat-first. Launch a run with a prompt (and pasted
 * screenshots), watch its transcript stream, steer it with follow-ups; recent
 * runs on the left.
 */
export default function CommandCenter() {
  const { recent, projects, selected, queueReason, queueReasons, features, clusters, providers } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const can = useCan();
  const [params] = useSearchParams();
  const active = recent.some((run) => run.status === "queued" || run.status === "running");
  useRevalidateWhile(active, 4000);
  useRevalidateOnWorkspaceChange(["run"]);

  return (
    <div className="flex h-[calc(100vh-3.5rem)] min-h-0">
      <aside
        className="hidden w-72 shrink-0 flex-col border-r border-zinc-200 lg:flex dark:border-zinc-800"
        aria-label="Recent runs"
      >
        <div className="flex items-center justify-between p-3">
          <h2 className="text-sm font-semibold">Recent runs</h2>
          <Link to="/command" className="rounded-md bg-lime-700 px-2 py-1 text-xs font-medium text-white hover:bg-lime-800">
            New run
          </Link>
        </div>
        <ul className="min-h-0 flex-1 overflow-y-auto">
          {recent.length === 0 ? <li className="p-3 text-sm text-zinc-500 dark:text-zinc-400">No runs yet.</li> : null}
          {recent.map((run) => {
            const reason = run.status === "queued" ? queueReasons[run.id] : undefined;
            return (
              <li key={run.id}>
                <Link
                  to={`/command?run=${run.id}`}
                  className={`block border-b border-zinc-100 px-3 py-2 text-sm hover:bg-zinc-50 dark:border-zinc-900 dark:hover:bg-zinc-900 ${params.get("run") === String(run.id) ? "bg-lime-50 dark:bg-lime-950/30" : ""}`}
                >
                  <span className="flex items-center justify-between gap-2">
                    <span className="font-medium">#{run.id}</span>
                    <StatusBadge status={run.status} />
                  </span>
                  <span className="mt-0.5 line-clamp-2 text-xs text-zinc-500 dark:text-zinc-400">
                    {run.ticketKey ? `${run.ticketKey} · ` : ""}
                    {run.prompt}
                  </span>
                  {reason ? (
                    <span data-testid="run-queue-reason" className="mt-0.5 block text-xs text-amber-800 dark:text-amber-300">
                      {describe(reason)}
                    </span>
                  ) : null}
                </Link>
              </li>
            );
          })}
        </ul>
      </aside>
      {/* A region, not a <main>: the app shell's <main> already holds the page, and a page has one. */}
      <section aria-label="Command Center" className="flex min-w-0 flex-1 flex-col gap-4 p-6">
        {selected ? (
          <RunPanel key={selected.id} run={selected} queueReason={queueReason} />
        ) : (
          <div className="mx-auto w-full max-w-3xl">
            <h1 className="text-2xl font-semibold">Command Center</h1>
            <p className="mb-4 mt-1 text-sm text-zinc-500 dark:text-zinc-400">
              Tell an agent what to do. It works in its own workspace and streams every step here.
            </p>
            {!can("runs:launch") ? (
              <p className="rounded-md bg-zinc-50 p-4 text-sm text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
                Your role can watch runs but not launch them.
              </p>
            ) : (
              <RunComposer
                providers={providers}
                projects={projects}
                features={features}
                clusters={clusters}
                onCreated={(run) => navigate(`/command?run=${run.id}`)}
              />
            )}
          </div>
        )}
      </section>
    </div>
  );
}
