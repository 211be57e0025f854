import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragOverEvent,
  type Announcements,
  type DragStartEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { arrayMove } from "@dnd-kit/sortable";
import { useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from "react";
import { ToastProvider, useToasts } from "~/components/ui/toasts";
import { Link } from "@remix-run/react";
import { ProjectRepos } from "~/components/repos/project-repos";
import { ProjectBudget, type BudgetState } from "~/components/runs/project-budget";
import { formatCost, formatUsage, type TokenTotals } from "~/components/runs/format";
import { useCanCall } from "~/permissions";
import { errorMessage, trpc } from "~/trpc";
import { BoardFilters, matchesFilters, NO_FILTERS, type Filters } from "./board-filters";
import { columnFirstCollisions } from "./column-collisions";
import { AutomationEditor, type Automation } from "./automation-editor";
import { ColumnEditor } from "./column-editor";
import { columnStepCoordinates } from "./column-step-coordinates";
import { CardBody } from "./kanban-card";
import { KanbanColumn } from "./kanban-column";
import { TicketDrawer } from "./ticket-drawer";
import { findLane, removeCard, toLanes, upsertCard, type BoardColumn, type Card, type Lanes, type Member } from "./types";

export type BoardData = {
  project: { id: number; name: string; key: string };
  board: { id: number; name: string; columns: BoardColumn[]; automation: Automation };
  tickets: Card[];
  members: Member[];
  lastEventId: number;
};

type RunCosts = TokenTotals & { runs: number; costMicroUsd: number };

export function KanbanBoard(props: { initial: BoardData; costs?: RunCosts; budget?: BudgetState }) {
  return (
    <ToastProvider>
      <Board {...props} />
    </ToastProvider>
  );
}

type BoardEvent = { id: number; kind: string; ticketId: number | null; card: Card | null };

function Board({ initial, costs, budget }: { initial: BoardData; costs?: RunCosts; budget?: BudgetState }) {
  const projectId = initial.project.id;
  const toasts = useToasts();
  const [canCreate, canEditColumns, canAutomate] = [
    useCanCall("tickets.create"),
    useCanCall("projects.updateColumns"),
    useCanCall("projects.updateAutomation"),
  ];
  // The board's state is seeded once from `initial`; a later loader re-run (say, after the budget
  // changes) must not reset it or restart the live feed: live events keep it current.
  const [columns, setColumns] = useState(initial.board.columns);
  const [lanes, setLanesState] = useState(() => toLanes(initial.board.columns, initial.tickets));
  const lanesRef = useRef(lanes);
  const setLanes = useCallback((update: Lanes | ((current: Lanes) => Lanes)) => {
    lanesRef.current = typeof update === "function" ? update(lanesRef.current) : update;
    setLanesState(lanesRef.current);
  }, []);
  const [activeId, setActiveId] = useState<number | null>(null);
  const dragging = useRef<{ before: Lanes } | null>(null);
  const lastDragEnd = useRef(0);
  const deferred = useRef<BoardEvent[]>([]);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [creatingIn, setCreatingIn] = useState<string | null>(null);
  const [editingColumns, setEditingColumns] = useState(false);
  const [automation, setAutomation] = useState(initial.board.automation);
  const [editingAutomation, setEditingAutomation] = useState(false);
  const [live, setLive] = useState<"connecting" | "live">("connecting");
  const filterInput = useRef<HTMLInputElement>(null);
  const [startEventId] = useState(initial.lastEventId);
  const [searchParams, setSearchParams] = useSearchParams();
  const openKey = searchParams.get("ticket");

  const applyEvent = useCallback(
    (event: BoardEvent) => {
      if (event.ticketId === null) return;
      if (!event.card || event.card.archivedAt) setLanes((current) => removeCard(current, event.ticketId!));
      else setLanes((current) => upsertCard(current, event.card!));
    },
    [setLanes],
  );

  const refreshBoard = useCallback(async () => {
    const board = await trpc.projects.board.query({ projectId });
    setColumns(board.board.columns);
    setLanes(toLanes(board.board.columns, board.tickets as Card[]));
  }, [projectId, setLanes]);

  // Live: other people's changes arrive as board events; a reconnect resumes after the last one.
  useEffect(() => {
    const subscription = trpc.projects.boardEvents.subscribe(
      { projectId, lastEventId: String(startEventId) },
      {
        onStarted: () => setLive("live"),
        onData: ({ data }) => {
          const event = data as BoardEvent;
          if (event.kind === "columns") return void refreshBoard();
          // Hold changes while a drag is in the air; apply them when it lands.
          if (dragging.current) deferred.current.push(event);
          else applyEvent(event);
        },
        onConnectionStateChange: (state) => setLive(state.state === "pending" ? "live" : "connecting"),
        onError: (error) => toasts.show(`Live updates stopped: ${errorMessage(error)}`),
      },
    );
    return () => subscription.unsubscribe();
  }, [projectId, startEventId, applyEvent, refreshBoard, toasts]);

  const visibleLanes = useMemo(() => {
    const result: Lanes = {};
    for (const column of columns) result[column.key] = (lanes[column.key] ?? []).filter((card) => matchesFilters(card, filters));
    return result;
  }, [columns, lanes, filters]);

  const labels = useMemo(
    () => [...new Set(Object.values(lanes).flatMap((cards) => cards.flatMap((card) => card.labels)))].sort(),
    [lanes],
  );

  const containerOf = (id: UniqueIdentifier) =>
    typeof id === "string" && id.startsWith("column:") ? id.slice("column:".length) : findLane(lanesRef.current, Number(id));
  const columnsRef = useRef(columns);
  columnsRef.current = columns;
  const [coordinateGetter] = useState(() =>
    columnStepCoordinates({
      columnKeys: () => columnsRef.current.map((column) => column.key),
      columnOf: (id) => findLane(lanesRef.current, Number(id)),
    }),
  );

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter,
      keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] },
    }),
  );
  /** Set when a drop is refused before it is sent, so the announcement says so instead of "dropped". */
  const refusedDrop = useRef<{ id: number; reason: string; backIn: string } | null>(null);

  const onDragStart = ({ active }: DragStartEvent) => {
    dragging.current = { before: lanesRef.current };
    setActiveId(Number(active.id));
  };

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return;
    const from = containerOf(active.id);
    const to = containerOf(over.id);
    if (!from || !to || from === to) return;
    setLanes((current) => {
      const card = current[from]!.find((c) => c.id === Number(active.id));
      if (!card) return current;
      const target = current[to]!;
      const overIndex = target.findIndex((c) => c.id === Number(over.id));
      const index = overIndex >= 0 ? overIndex : target.length;
      return {
        ...current,
        [from]: current[from]!.filter((c) => c.id !== card.id),
        [to]: [...target.slice(0, index), { ...card, columnKey: to }, ...target.slice(index)],
      };
    });
  };

  const finishDrag = () => {
    dragging.current = null;
    lastDragEnd.current = Date.now();
    setActiveId(null);
    const events = deferred.current;
    deferred.current = [];
    for (const event of events) applyEvent(event);
  };

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    const before = dragging.current?.before;
    const id = Number(active.id);
    const to = over ? containerOf(over.id) : undefined;
    refusedDrop.current = null;
    if (!before || !to) {
      if (before) setLanes(before);
      return finishDrag();
    }
    const origin = findLane(before, id);
    const reason = origin ? wipRefusal(columns, before, origin, to) : null;
    if (origin && reason) {
      refusedDrop.current = { id, reason, backIn: columns.find((c) => c.key === origin)?.name ?? origin };
      setLanes(before);
      finishDrag();
      return toasts.show(`Move refused: ${reason}`);
    }
    let next = lanesRef.current;
    const lane = next[to]!;
    const oldIndex = lane.findIndex((c) => c.id === id);
    const overIndex = lane.findIndex((c) => c.id === Number(over!.id));
    if (oldIndex >= 0 && overIndex >= 0 && oldIndex !== overIndex) next = { ...next, [to]: arrayMove(lane, oldIndex, overIndex) };
    setLanes(next);

    const fromColumn = findLane(before, id);
    const fromIndex = fromColumn ? before[fromColumn]!.findIndex((c) => c.id === id) : -1;
    const index = next[to]!.findIndex((c) => c.id === id);
    const unchanged = fromColumn === to && fromIndex === index;
    finishDrag();
    if (unchanged || index < 0) return;
    try {
      const card = await trpc.tickets.move.mutate({
        ticketId: id,
        toColumnKey: to,
        afterTicketId: index > 0 ? next[to]![index - 1]!.id : null,
      });
      setLanes((current) => upsertCard(current, card as Card));
    } catch (error) {
      setLanes(before);
      toasts.show(`Move refused: ${errorMessage(error)}`);
    }
  };

  const onDragCancel = () => {
    if (dragging.current) setLanes(dragging.current.before);
    finishDrag();
  };

  // A refusal reaches the inline field, which shows it beside the title.
  const createTicket = async (columnKey: string, title: string) => {
    const card = await trpc.tickets.create.mutate({ projectId, title, columnKey });
    setLanes((current) => upsertCard(current, card as Card));
  };

  const openTicket = useCallback(
    (card: Card) => {
      // The click that ends a pointer drag is not a request to open the ticket.
      if (dragging.current || Date.now() - lastDragEnd.current < 250) return;
      setSearchParams(
        (params) => {
          params.set("ticket", card.key);
          return params;
        },
        { preventScrollReset: true },
      );
    },
    [setSearchParams],
  );
  const closeTicket = () =>
    setSearchParams(
      (params) => {
        params.delete("ticket");
        return params;
      },
      { preventScrollReset: true },
    );

  // Shortcuts: `c` new ticket, `/` filter. Ignored while typing.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true]") || event.metaKey || event.ctrlKey || event.altKey)
        return;
      if (event.key === "c" && columns[0] && canCreate.allowed) {
        event.preventDefault();
        setCreatingIn(columns[0].key);
      } else if (event.key === "/") {
        event.preventDefault();
        filterInput.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [columns, canCreate.allowed]);

  // Arrow keys move focus between cards when nothing is being dragged.
  const onBoardKeyDown = (event: ReactKeyboardEvent) => {
    // A ref, not state: a fast ArrowRight right after Space must not race the re-render that sets activeId.
    if (dragging.current || !["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].includes(event.key)) return;
    const current = (event.target as HTMLElement).closest<HTMLElement>("[data-ticket-card]");
    if (!current) return;
    const columnIndex = columns.findIndex((c) => c.key === current.dataset.column);
    const index = Number(current.dataset.index);
    let targetColumn = columnIndex;
    let targetIndex = index;
    if (event.key === "ArrowUp") targetIndex = index - 1;
    if (event.key === "ArrowDown") targetIndex = index + 1;
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      const step = event.key === "ArrowLeft" ? -1 : 1;
      do targetColumn += step;
      while (columns[targetColumn] && (visibleLanes[columns[targetColumn]!.key]?.length ?? 0) === 0);
      const lane = columns[targetColumn] ? visibleLanes[columns[targetColumn]!.key] : undefined;
      if (!lane) return;
      targetIndex = Math.min(index, lane.length - 1);
    }
    const key = columns[targetColumn]?.key;
    const next = document.querySelector<HTMLElement>(`[data-column="${key}"][data-index="${targetIndex}"]`);
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  // What screen readers hear while dragging: ticket keys and column names, not internal ids.
  const describe = (id: UniqueIdentifier) => {
    const card = Object.values(lanesRef.current)
      .flat()
      .find((c) => c.id === Number(id));
    return card ? card.key : String(id);
  };
  const columnName = (id: UniqueIdentifier | undefined) => {
    const key = id === undefined ? undefined : containerOf(id);
    return columns.find((c) => c.key === key)?.name;
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${describe(active.id)}.`,
    onDragOver: ({ active, over }) => {
      if (over?.id === active.id) return undefined; // over its own place: nothing new to say
      const name = columnName(over?.id);
      return name ? `${describe(active.id)} is over ${name}.` : `${describe(active.id)} is not over a column.`;
    },
    onDragEnd: ({ active, over }) => {
      const refused = refusedDrop.current;
      if (refused?.id === Number(active.id))
        return `Move refused: ${refused.reason} ${describe(active.id)} is back in ${refused.backIn}.`;
      const name = columnName(over?.id);
      return name ? `${describe(active.id)} dropped in ${name}.` : `${describe(active.id)} put back.`;
    },
    onDragCancel: ({ active }) => `Moving ${describe(active.id)} cancelled; it is back where it was.`,
  };

  const activeCard =
    activeId === null
      ? undefined
      : Object.values(lanes)
          .flat()
          .find((card) => card.id === activeId);

  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-center gap-3 border-b border-zinc-200 px-6 py-3 dark:border-zinc-800">
        <h1 className="text-lg font-semibold">
          {initial.project.name} <span className="font-mono text-sm text-zinc-500 dark:text-zinc-400">{initial.project.key}</span>
        </h1>
        <span className={`text-xs ${live === "live" ? "text-lime-700 dark:text-lime-400" : "text-zinc-500"}`} role="status">
          {live === "live" ? "● Live" : "○ Connecting…"}
        </span>
        <ProjectRepos projectId={initial.project.id} />
        <ProjectBudget projectId={initial.project.id} budget={budget} />
        {costs && costs.runs > 0 ? (
          <Link
            to={`/runs?project=${initial.project.id}`}
            data-testid="project-cost"
            className="text-xs text-zinc-500 dark:text-zinc-400 hover:text-zinc-800 hover:underline dark:hover:text-zinc-200"
          >
            {costs.runs} agent run{costs.runs === 1 ? "" : "s"} · {formatUsage(costs)} · {formatCost(costs.costMicroUsd)}
          </Link>
        ) : null}
        <BoardFilters filters={filters} onChange={setFilters} members={initial.members} labels={labels} inputRef={filterInput} />
        {canEditColumns.allowed ? (
          <button
            type="button"
            {...canEditColumns.marker}
            onClick={() => setEditingColumns(true)}
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
          >
            Edit columns
          </button>
        ) : null}
        {canAutomate.allowed ? (
          <button
            type="button"
            {...canAutomate.marker}
            onClick={() => setEditingAutomation(true)}
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
          >
            Automation
          </button>
        ) : null}
      </div>
      <p className="sr-only" id="board-help">
        Press c for a new ticket, / to filter. Focus a ticket and press Space to pick it up, arrow keys to move it, Space to drop,
        Escape to cancel. Enter opens it.
      </p>
      <DndContext
        sensors={sensors}
        collisionDetection={columnFirstCollisions}
        // Columns are measured before a drag starts too: an arrow pressed right after a keyboard
        // pick-up would otherwise find no column to step to and be lost.
        measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
        accessibility={{ announcements }}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
      >
        <div className="flex flex-1 gap-4 overflow-x-auto p-6" onKeyDown={onBoardKeyDown} aria-describedby="board-help">
          {columns.map((column) => (
            <KanbanColumn
              key={column.key}
              column={column}
              cards={visibleLanes[column.key] ?? []}
              total={lanes[column.key]?.length ?? 0}
              creating={creatingIn === column.key}
              onStartCreate={() => setCreatingIn(column.key)}
              onCancelCreate={() => setCreatingIn(null)}
              onCreate={(title) => createTicket(column.key, title)}
              onOpen={openTicket}
            />
          ))}
        </div>
        <DragOverlay>
          {activeCard ? (
            <div className="rounded-md border border-lime-400 bg-white p-3 shadow-lg dark:bg-zinc-900">
              <CardBody card={activeCard} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {openKey ? (
        <TicketDrawer
          ticketKey={openKey}
          columns={columns}
          members={initial.members}
          onClose={closeTicket}
          onChanged={(card) =>
            setLanes((current) => (card.archivedAt ? removeCard(current, card.id) : upsertCard(current, card)))
          }
          onDeleted={(id) => {
            setLanes((current) => removeCard(current, id));
            closeTicket();
          }}
        />
      ) : null}
      {editingAutomation ? (
        <AutomationEditor
          projectId={projectId}
          columns={columns}
          automation={automation}
          onClose={() => setEditingAutomation(false)}
          onSaved={(next) => {
            setAutomation(next);
            setEditingAutomation(false);
            toasts.show("Automation saved.");
          }}
        />
      ) : null}
      {editingColumns ? (
        <ColumnEditor
          boardId={initial.board.id}
          columns={columns}
          onClose={() => setEditingColumns(false)}
          onSaved={(next) => {
            setColumns(next);
            setLanes((current) => toLanes(next, Object.values(current).flat()));
            setEditingColumns(false);
          }}
        />
      ) : null}
    </div>
  );
}

/**
 * Why a drop into `to` would be refused: the column is at its WIP limit (the
 * server's rule and words, in lock-board.ts; a reorder within a column is not
 * an entry). Checked before sending so a keyboard user hears the refusal at the drop.
 */
function wipRefusal(columns: BoardColumn[], lanes: Lanes, from: string, to: string) {
  const column = columns.find((c) => c.key === to);
  if (from === to || !column?.wipLimit || (lanes[to]?.length ?? 0) < column.wipLimit) return null;
  return `"${column.name}" is at its WIP limit of ${column.wipLimit}; finish or move a ticket out first.`;
}
