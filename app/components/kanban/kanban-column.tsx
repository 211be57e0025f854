import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useRef, useState, type FormEvent } from "react";
import { Permitted } from "~/permissions";
import { FieldError, FormSummary, useForm } from "~/components/ui/form";
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
  /** Creates the ticket; rejects with the server's refusal, shown beside the field. */
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
 * page), so the next title can be typed while the last one saves.
 */
function InlineCreate(props: { columnName: string; onCancel: () => void; onCreate: (title: string) => Promise<unknown> }) {
  const [title, setTitle] = useState("");
  // The board follows its own live updates; a refusal that names no field (a full column) goes below the field.
  const form = useForm({ revalidate: false, fieldOf: (path) => (path === "title" ? "title" : null) });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim() || form.pending) return;
    const submitted = title;
    setTitle("");
    const created = await form.submit(() => props.onCreate(submitted));
    // A refused title comes back to be fixed, unless a new one is already being typed.
    if (!created) setTitle((current) => current || submitted);
  };
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-1 px-2 pb-2">
      <input
        autoFocus
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => event.key === "Escape" && props.onCancel()}
        aria-label={`New ticket title in ${props.columnName}`}
        placeholder="Ticket title, then Enter"
        maxLength={200}
        aria-busy={form.pending}
        className="w-full rounded-md border border-lime-400 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-red-600 dark:bg-zinc-950 dark:aria-[invalid=true]:border-red-400"
        {...form.field("title")}
      />
      <FieldError {...form.error("title")} />
      <FormSummary message={form.errors.summary} />
    </form>
  );
}
