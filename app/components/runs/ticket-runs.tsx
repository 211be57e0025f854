import { Link, useNavigate } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useCan, useCanCall } from "~/permissions";
import { errorMessage, trpc } from "~/trpc";
import { useWorkspaceChange } from "~/components/ui/workspace-events";
import { formatCost, formatUsage } from "./format";
import { RunComposer, type ProviderOption } from "./run-composer";
import { RunPreviews } from "./run-previews";
import { StatusBadge } from "./status-badge";

type Runs = Awaited<ReturnType<typeof trpc.agentRuns.list.query>>["items"];
type Costs = Awaited<ReturnType<typeof trpc.agentRuns.costs.query>>;

/** A ticket's agent runs, their summed cost, and "Run agent" with the ticket as context. */
export function TicketRuns({ ticket }: { ticket: { id: number; key: string; title: string } }) {
  const navigate = useNavigate();
  const can = useCan();
  const canLaunch = useCanCall("agentRuns.create");
  const canSeeCosts = can("costs:read");
  const [runs, setRuns] = useState<Runs | null>(null);
  const [costs, setCosts] = useState<Costs | null>(null);
  const [providers, setProviders] = useState<ProviderOption[] | null>(null);
  const [clusters, setClusters] = useState<Array<{ id: number; name: string; status: string }>>([]);
  const [composing, setComposing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  // A run created or moved on anywhere (another tab, the agent) reloads the list.
  useWorkspaceChange(["run"], () => setVersion((current) => current + 1));

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      trpc.agentRuns.list.query({ ticketId: ticket.id, limit: 10 }),
      canSeeCosts ? trpc.agentRuns.costs.query({ ticketId: ticket.id }) : Promise.resolve(null),
      trpc.agentRuns.providers.query(),
      trpc.k8sClusters.list.query(),
    ]).then(
      ([list, sums, options, available]) => {
        if (cancelled) return;
        setClusters(available);
        setRuns(list.items);
        setCosts(sums);
        setProviders(options.providers);
      },
      (cause: unknown) => !cancelled && setError(errorMessage(cause)),
    );
    return () => {
      cancelled = true;
    };
  }, [ticket.id, canSeeCosts, version]);

  return (
    <section aria-labelledby="runs-heading" className="mt-8">
      <div className="flex items-center justify-between">
        <h3 id="runs-heading" className="text-sm font-semibold">
          Agent runs
        </h3>
        {costs && costs.runs > 0 ? (
          <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="ticket-cost">
            {costs.runs} run{costs.runs === 1 ? "" : "s"} · {formatUsage(costs)} · {formatCost(costs.costMicroUsd)}
          </span>
        ) : null}
        {canLaunch.allowed ? (
          <button
            type="button"
            {...canLaunch.marker}
            onClick={() => setComposing(!composing)}
            className="rounded-md bg-lime-700 px-3 py-1 text-sm font-medium text-white hover:bg-lime-800"
          >
            {composing ? "Close" : "Run agent"}
          </button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {composing && providers ? (
        <div className="mt-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
          <RunComposer
            compact
            providers={providers}
            clusters={clusters}
            ticket={ticket}
            defaultPrompt={`Work on ${ticket.key}: ${ticket.title}`}
            onCreated={(run) => navigate(`/runs/${run.id}`)}
          />
        </div>
      ) : null}
      <div className="mt-2">
        <RunPreviews ticketId={ticket.id} />
      </div>
      <ul className="mt-2 flex flex-col gap-1">
        {runs === null && !error ? <li className="text-sm text-zinc-500 dark:text-zinc-400">Loading runs…</li> : null}
        {runs?.length === 0 ? <li className="text-sm text-zinc-500 dark:text-zinc-400">No runs yet.</li> : null}
        {runs?.map((run) => (
          <li key={run.id} className="flex items-center" data-testid="ticket-run">
            <Link
              to={`/runs/${run.id}`}
              className="flex min-w-0 flex-1 items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-900"
            >
              <span className="font-medium">#{run.id}</span>
              <StatusBadge status={run.status} />
              <span className="text-zinc-500 dark:text-zinc-400">
                {run.provider} · {run.mode}
              </span>
              <span className="ml-auto tabular-nums text-xs text-zinc-500 dark:text-zinc-400">
                {formatCost(run.costMicroUsd)}
              </span>
            </Link>
            {run.prUrl ? (
              <a
                href={run.prUrl}
                target="_blank"
                rel="noreferrer"
                className="ml-2 text-xs text-lime-700 hover:underline dark:text-lime-400"
              >
                Pull request{run.prNumber ? ` #${run.prNumber}` : ""}
              </a>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
