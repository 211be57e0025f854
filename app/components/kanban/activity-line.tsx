import { Link } from "@remix-run/react";
import { DateTime } from "~/components/ui/date-time";
import type { MoveCause } from "../../../server/services/tickets/move-cause";
import type { BoardColumn } from "./types";

type Entry = {
  id: number;
  kind: string;
  data: Record<string, unknown>;
  createdAt: string | Date;
  actor: { login: string } | null;
};

/** One line of a ticket's history; an automatic move names the run or pull request that made it. */
export function ActivityLine({ entry, columns }: { entry: Entry; columns: BoardColumn[] }) {
  const cause = entry.data.cause as MoveCause | undefined;
  const time = <DateTime value={entry.createdAt} />;
  if (cause && (entry.kind === "moved" || entry.kind === "move_refused")) {
    const columnName = (key: unknown) => columns.find((c) => c.key === key)?.name ?? String(key);
    const what =
      entry.kind === "moved"
        ? `Moved from ${columnName(entry.data.from)} to ${columnName(entry.data.to)}`
        : `Not moved to ${columnName(entry.data.to)} (${String(entry.data.reason ?? "refused")})`;
    return (
      <li data-testid="activity-automatic">
        {what} · {entry.kind === "moved" ? "moved" : "asked"} by <CauseName cause={cause} /> · {time}
      </li>
    );
  }
  return (
    <li>
      <strong>{entry.actor?.login ?? "someone"}</strong> {describeActivity(entry.kind, entry.data, columns)} · {time}
    </li>
  );
}

function CauseName({ cause }: { cause: MoveCause }) {
  const run = (
    <Link to={`/runs/${cause.runId}`} className="text-lime-700 hover:underline dark:text-lime-400">
      run #{cause.runId}
    </Link>
  );
  if (cause.kind === "run") return run;
  const pr = cause.url ? (
    <a href={cause.url} target="_blank" rel="noreferrer" className="text-lime-700 hover:underline dark:text-lime-400">
      PR #{cause.number}
    </a>
  ) : (
    <>PR #{cause.number}</>
  );
  const event = cause.event === "opened" ? "opened" : cause.event === "merged" ? "merge" : "close";
  return (
    <>
      {pr} {event}
      {cause.by ? ` by ${cause.by}` : ""} ({run})
    </>
  );
}

function describeActivity(kind: string, data: Record<string, unknown>, columns: BoardColumn[]) {
  const columnName = (key: unknown) => columns.find((c) => c.key === key)?.name ?? String(key);
  switch (kind) {
    case "created":
      return `created it in ${columnName(data.column)}`;
    case "moved":
      return `moved it from ${columnName(data.from)} to ${columnName(data.to)}`;
    case "edited":
      return `edited ${Array.isArray(data.fields) ? data.fields.join(", ") : "it"}`;
    case "assigned":
      return data.to ? "changed the assignee" : "unassigned it";
    case "commented":
      return "commented";
    default:
      return kind;
  }
}
