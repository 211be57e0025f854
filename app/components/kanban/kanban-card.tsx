import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { formatCost } from "~/components/runs/format";
import { useCanCall } from "~/permissions";
import type { Card } from "./types";

const PRIORITY_STYLES: Record<Card["priority"], string> = {
  urgent: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  high: "bg-orange-100 text-orange-800 dark:bg-orange-900/50 dark:text-orange-200",
  medium: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  low: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200",
};

export function CardBody({ card }: { card: Card }) {
  return (
    <>
      <div className="flex items-center justify-between gap-2 text-xs text-zinc-500 dark:text-zinc-400">
        <span className="font-mono">{card.key}</span>
        <span className={`rounded px-1.5 py-0.5 ${PRIORITY_STYLES[card.priority]}`}>{card.priority}</span>
      </div>
      <p className="mt-1 line-clamp-3 text-sm font-medium [overflow-wrap:anywhere]" title={card.title}>
        {card.title}
      </p>
      {card.latestRun ? <CardRunLine card={card} /> : null}
      {card.labels.length > 0 || card.assignee || card.ciStatus ? (
        <div className="mt-2 flex flex-wrap items-center gap-1">
          {card.labels.map((label) => (
            <span
              key={label}
              className="rounded-full bg-lime-100 px-2 py-0.5 text-xs text-lime-900 dark:bg-lime-900/40 dark:text-lime-100"
            >
              {label}
            </span>
          ))}
          {card.ciStatus ? <span className="text-xs text-zinc-500 dark:text-zinc-400">CI: {card.ciStatus}</span> : null}
          {card.assignee ? (
            <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400" title={`Assigned to ${card.assignee.login}`}>
              @{card.assignee.login}
            </span>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

const RUN_STYLES: Record<string, string> = {
  queued: "text-zinc-500 dark:text-zinc-400",
  running: "text-sky-700 dark:text-sky-300",
  completed: "text-lime-700 dark:text-lime-400",
  failed: "text-red-700 dark:text-red-400",
  cancelled: "text-zinc-500 dark:text-zinc-400",
};

/** The ticket's latest run: its status, its pull request (a link that does not open the card) and its cost. */
function CardRunLine({ card }: { card: Card }) {
  const run = card.latestRun!;
  return (
    <div className="mt-2 flex items-center gap-2 text-xs" data-testid="card-run">
      <span className={RUN_STYLES[run.status] ?? "text-zinc-500 dark:text-zinc-400"}>
        Run #{run.id} {run.status}
      </span>
      {run.prUrl ? (
        <a
          href={run.prUrl}
          target="_blank"
          rel="noreferrer"
          onClick={(event) => event.stopPropagation()}
          onPointerDown={(event) => event.stopPropagation()}
          onKeyDown={(event) => event.stopPropagation()}
          className="text-lime-700 hover:underline dark:text-lime-400"
        >
          PR #{run.prNumber}
        </a>
      ) : null}
      <span className="ml-auto tabular-nums text-zinc-500 dark:text-zinc-400">{formatCost(run.costMicroUsd)}</span>
    </div>
  );
}

/**
 * A draggable card: pointer drag, or focus it and press Space to pick it up, arrows to move, Space to drop.
 * A click (no drag) or Enter opens it. A member who may not move tickets cannot pick it up at all, by
 * pointer or key, rather than have the server refuse the move once it is dropped.
 */
export function KanbanCard(props: { card: Card; columnKey: string; index: number; onOpen: (card: Card) => void }) {
  const { card } = props;
  const canMove = useCanCall("tickets.move");
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: card.id,
    disabled: !canMove.allowed,
  });
  return (
    // A div, not a list item: dnd-kit makes the card a button, which a list may not hold.
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      {...attributes}
      {...listeners}
      // The card still opens when it cannot move, so it is not announced as disabled.
      aria-disabled={undefined}
      aria-roledescription={canMove.allowed ? "Draggable ticket" : "Ticket"}
      data-draggable={canMove.allowed}
      aria-label={`${card.key} ${card.title}`}
      data-ticket-card={card.id}
      data-column={props.columnKey}
      data-index={props.index}
      onKeyDown={(event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          props.onOpen(card);
          return;
        }
        listeners?.onKeyDown?.(event);
      }}
      onClick={() => props.onOpen(card)}
      className={isDragging ? "kanban-card opacity-40" : "kanban-card"}
    >
      <CardBody card={card} />
    </div>
  );
}
