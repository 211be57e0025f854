import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { useWorkspaceChange } from "~/components/ui/workspace-events";
import { useCanCall } from "~/permissions";
import { errorMessage, trpc } from "~/trpc";
import { StatusBadge } from "./status-badge";

type Children = Awaited<ReturnType<typeof trpc.agentRuns.list.query>>["items"];
type PrSet = Awaited<ReturnType<typeof trpc.agentRuns.pullRequestSet.query>>;

const SET_LABEL: Record<string, string> = {
  none: "No pull requests yet",
  open: "All open",
  partial: "Some merged, some open",
  merged: "All merged",
  closed: "Closed",
  failing: "Checks failing",
};

/**
 * A multi-repo run's sub-runs with their live status, and their pull requests
 * as one linked set: its combined status, and "roll back the set".
 */
export function RunChildren({ runId, version }: { runId: number; version: number }) {
  const [children, setChildren] = useState<Children | null>(null);
  const [set, setSet] = useState<PrSet | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rolling, setRolling] = useState(false);
  const canRollBack = useCanCall("agentRuns.rollbackSet");
  const [confirm, dialog] = useConfirm();
  // A sub-run moving on, or its pull request merging, closing or changing CI (the webhook), reloads the set.
  const [changes, setChanges] = useState(0);
  useWorkspaceChange(["run"], () => setChanges((current) => current + 1));

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      trpc.agentRuns.list.query({ parentRunId: runId, limit: 50 }),
      trpc.agentRuns.pullRequestSet.query({ runId }),
    ]).then(
      ([list, prs]) => {
        if (cancelled) return;
        setChildren(list.items.sort((a, b) => a.id - b.id));
        setSet(prs);
      },
      (cause: unknown) => !cancelled && setError(errorMessage(cause)),
    );
    return () => {
      cancelled = true;
    };
  }, [runId, version, changes]);

  return (
    <section
      aria-label="Sub-runs"
      className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
      data-testid="run-children"
    >
      {dialog}
      <div className="flex items-center gap-3">
        <h2 className="font-semibold">Sub-runs</h2>
        {set ? (
          <span data-testid="pr-set-status" className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs dark:bg-zinc-800">
            Pull request set: {SET_LABEL[set.status] ?? set.status}
          </span>
        ) : null}
        {set?.items.some((item) => item.prState === "open") ? (
          <button
            type="button"
            {...canRollBack.control(rolling)}
            className="ml-auto rounded-md border border-red-300 px-2 py-1 text-xs text-red-700 dark:text-red-400"
            onClick={async () => {
              const sure = await confirm({
                title: "Roll back the pull request set?",
                description: "Every open pull request of this set is closed and its branch deleted.",
                confirmLabel: "Roll back the set",
              });
              if (!sure) return;
              setRolling(true);
              try {
                await trpc.agentRuns.rollbackSet.mutate({ runId });
                setSet(await trpc.agentRuns.pullRequestSet.query({ runId }));
              } catch (cause) {
                setError(errorMessage(cause));
              } finally {
                setRolling(false);
              }
            }}
          >
            {rolling ? "Rolling back…" : "Roll back the set"}
          </button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="mt-1 text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <ul className="mt-2 flex flex-col gap-1">
        {children === null ? <li className="text-zinc-500 dark:text-zinc-400">Loading sub-runs…</li> : null}
        {children?.map((child) => {
          const pr = set?.items.find((item) => item.runId === child.id);
          return (
            <li key={child.id} className="flex items-center gap-2">
              <Link to={`/runs/${child.id}`} className="font-medium text-lime-700 dark:text-lime-400 hover:underline">
                #{child.id}
              </Link>
              <StatusBadge status={child.status} />
              <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{pr?.repository}</span>
              {pr?.prUrl ? (
                <a
                  href={pr.prUrl}
                  target="_blank"
                  rel="noreferrer"
                  className="text-xs text-sky-700 hover:underline dark:text-sky-300"
                >
                  PR #{pr.prNumber} · {pr.prState}
                  {pr.checksStatus ? ` · CI ${pr.checksStatus}` : ""}
                </a>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
