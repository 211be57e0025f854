import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { formatCost } from "~/components/runs/format";
import { Duration } from "~/components/ui/date-time";
import { StatusBadge } from "~/components/runs/status-badge";
import { useRevalidateWhile } from "~/components/ui/use-revalidate-while";
import { useRevalidateOnWorkspaceChange } from "~/components/ui/workspace-events";
import { listProjects } from "~/projects.server";
import { listRuns } from "~/runs.server";
import { requireIdentity } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Agent runs · Assembly Lime" }];

const ZFilters = z.object({
  status: z.enum(["queued", "running", "completed", "failed", "cancelled"]).optional().catch(undefined),
  project: z.coerce.number().int().positive().optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  const filters = ZFilters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [runs, projects] = await Promise.all([
    listRuns({ tenantId, status: filters.status, projectId: filters.project, before: filters.before, limit: 50 }),
    listProjects({ tenantId }),
  ]);
  return json({ runs, projects, filters });
}

export default function RunsPage() {
  const { runs, projects, filters } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const active = runs.items.some((run) => run.status === "queued" || run.status === "running");
  // While runs are in flight, the list refreshes itself.
  useRevalidateWhile(active, 3000);
  // New runs and every status change arrive live, in every tab.
  useRevalidateOnWorkspaceChange(["run"]);

  const select = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <div className="mx-auto max-w-6xl p-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Agent runs</h1>
        <Link to="/command" className="rounded-md bg-lime-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lime-800">
          New run
        </Link>
      </div>
      <Form method="get" className="mt-4 flex flex-wrap gap-2" onChange={(e) => e.currentTarget.requestSubmit()}>
        <label className="sr-only" htmlFor="filter-status">
          Status
        </label>
        <select id="filter-status" name="status" defaultValue={filters.status ?? ""} className={select}>
          <option value="">All statuses</option>
          {["queued", "running", "completed", "failed", "cancelled"].map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="filter-project">
          Project
        </label>
        <select id="filter-project" name="project" defaultValue={filters.project ?? ""} className={select}>
          <option value="">All projects</option>
          {projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.key} · {project.name}
            </option>
          ))}
        </select>
      </Form>
      {runs.items.length === 0 ? (
        <div className="mt-10 rounded-lg border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
          <p className="font-medium">No runs {filters.status || filters.project ? "match these filters" : "yet"}.</p>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">Launch one from the Command Center or from a ticket.</p>
        </div>
      ) : (
        // On a phone the agent and time columns give way; the task wraps, and the table scrolls inside itself if need be.
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="runs-table">
            <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-500 dark:text-zinc-400 dark:border-zinc-800">
              <tr>
                <th className="py-2 pr-3">Run</th>
                <th className="py-2 pr-3">Status</th>
                <th className="py-2 pr-3">Task</th>
                <th className="hidden py-2 pr-3 sm:table-cell">Agent</th>
                <th className="py-2 pr-3 text-right">Cost</th>
                <th className="hidden py-2 pr-3 text-right sm:table-cell">Time</th>
              </tr>
            </thead>
            <tbody>
              {runs.items.map((run) => (
                <tr
                  key={run.id}
                  className="border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-900 dark:hover:bg-zinc-900"
                >
                  <td className="py-2 pr-3">
                    <Link to={`/runs/${run.id}`} className="font-medium text-lime-700 hover:underline dark:text-lime-400">
                      #{run.id}
                    </Link>
                  </td>
                  <td className="py-2 pr-3">
                    <StatusBadge status={run.status} />
                  </td>
                  <td className="max-w-md py-2 pr-3 [overflow-wrap:anywhere]">
                    {run.ticketKey ? (
                      <span className="mr-1 font-mono text-xs text-zinc-500 dark:text-zinc-400">{run.ticketKey}</span>
                    ) : null}
                    <span className="line-clamp-1">{run.ticketTitle ?? run.prompt}</span>
                  </td>
                  <td className="hidden py-2 pr-3 text-zinc-500 dark:text-zinc-400 sm:table-cell">
                    {run.provider} · {run.mode}
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatCost(run.costMicroUsd)}</td>
                  <td className="hidden py-2 pr-3 text-right tabular-nums text-zinc-500 dark:text-zinc-400 sm:table-cell">
                    <Duration from={run.startedAt} to={run.finishedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs.nextCursor ? (
        <Link
          to={`?${new URLSearchParams({ ...Object.fromEntries(params), before: String(runs.nextCursor) })}`}
          className="mt-4 inline-block text-sm text-lime-700 dark:text-lime-400 hover:underline"
        >
          Older runs →
        </Link>
      ) : null}
    </div>
  );
}
