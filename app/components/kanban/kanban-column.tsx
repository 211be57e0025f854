import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useRef, useState, type FormEvent } from "react";
import { fieldProblem, FieldError, useForm } from "~/components/ui/form";
import { formErrors } from "~/components/ui/form-errors";
import { Permitted } from "~/permissions";
import { KanbanCard } from "./kanban-card";
import type { BoardColumn, Card } from "./types";

export const columnDroppableId = (key: string) => `column:${key}`;

export function KanbanColumn(props: {
  column: BoardColumn;
  cards: Card[];
  /** Total tickets in the column, before filters. */
  total: number;
  creating: boolean;
  onStartCreate: () => void;
  onCancelCreate: () => void;
  /** Rejects with the server's refusal, which the field shows beside itself. */
  onCreate: (title: string) => Promise<unknown>;
  onOpen: (card: Card) => void;
}) {
  const { column } = props;
  const { setNodeRef, isOver } = useDroppable({ id: columnDroppableId(column.key) });
  const overLimit = column.wipLimit ? props.total >= column.wipLimit : false;
  const newTicketButton = useRef<HTMLButtonElement>(null);
  return (
    <section
      aria-label={`${column.name} column`}
      className={`flex w-72 shrink-0 flex-col rounded-lg bg-zinc-100 dark:bg-zinc-900/60 ${isOver ? "ring-2 ring-lime-400" : ""}`}
    >
      <header className="flex items-center justify-between px-3 pb-2 pt-3">
        <h2 className="text-sm font-semibold">
          {column.name}{" "}
          <span className={`font-normal ${overLimit ? "text-red-600 dark:text-red-400" : "text-zinc-500 dark:text-zinc-400"}`}>
            {props.total}
            {column.wipLimit ? ` / ${column.wipLimit}` : ""}
          </span>
        </h2>
        <Permitted procedure="tickets.create">
          {(gate) => (
            <button
              ref={newTicketButton}
              type="button"
              {...gate}
              onClick={props.onStartCreate}
              aria-label={`New ticket in ${column.name}`}
              className="rounded px-2 text-lg leading-none text-zinc-500 dark:text-zinc-400 hover:bg-zinc-200 dark:hover:bg-zinc-800"
            >
              +
            </button>
          )}
        </Permitted>
      </header>
      {props.creating ? (
        <InlineCreate
          columnName={column.name}
          onCancel={() => {
            props.onCancelCreate();
            // The field goes away; focus goes back to the column's + rather than to the page.
            newTicketButton.current?.focus();
          }}
          onCreate={props.onCreate}
        />
      ) : null}
      <SortableContext id={column.key} items={props.cards.map((card) => card.id)} strategy={verticalListSortingStrategy}>
        <div ref={setNodeRef} className="flex min-h-24 flex-1 flex-col gap-2 px-2 pb-3">
          {props.cards.map((card, index) => (
            <KanbanCard key={card.id} card={card} columnKey={column.key} index={index} onOpen={props.onOpen} />
          ))}
          {props.cards.length === 0 ? (
            <p className="rounded-md border border-dashed border-zinc-300 p-4 text-center text-xs text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
              {props.total === 0 ? "No tickets" : "No tickets match the filters"}
            </p>
          ) : null}
        </div>
      </SortableContext>
    </section>
  );
}

/**
 * Quick entry: Enter creates the ticket and leaves the field focused and empty
 * for the next one. It is never disabled (a disabled field drops focus to the
 * page), so the next title can be typed while the last one saves. A refusal
 * (a full column, a title too long) is said beside the field, and the refused
 * title comes back to be fixed unless a new one is already being typed.
 */
function InlineCreate(props: { columnName: string; onCancel: () => void; onCreate: (title: string) => Promise<unknown> }) {
  const [title, setTitle] = useState("");
  // The board adds the card itself: no reload of the page's data.
  const form = useForm({ revalidate: false });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.pending) return;
    const submitted = title;
    setTitle("");
    void form.submit(async () => {
      if (!submitted.trim()) throw fieldProblem("title", "Give the ticket a title, then press Enter.");
      try {
        await props.onCreate(submitted);
      } catch (error) {
        setTitle((current) => current || submitted);
        const errors = formErrors(error);
        throw fieldProblem("title", errors.fields.title ?? errors.summary ?? Object.values(errors.fields).join(" "));
      }
    });
  };
  return (
    <form onSubmit={submit} noValidate className="px-2 pb-2">
      <input
        autoFocus
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => event.key === "Escape" && props.onCancel()}
        aria-label={`New ticket title in ${props.columnName}`}
        placeholder="Ticket title, then Enter"
        maxLength={200}
        aria-busy={form.pending}
        className="w-full rounded-md border border-lime-400 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-red-600 dark:bg-zinc-950"
        {...form.field("title")}
      />
      <div className="mt-1">
        <FieldError {...form.error("title")} />
      </div>
    </form>
  );
}
