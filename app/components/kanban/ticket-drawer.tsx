import * as Dialog from "@radix-ui/react-dialog";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import Markdown from "react-markdown";
import { TicketRuns } from "~/components/runs/ticket-runs";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { FieldError, FormSummary, useForm } from "~/components/ui/form";
import { useCanCall } from "~/permissions";
import { useFocusReturn } from "~/components/ui/use-focus-return";
import { errorMessage, trpc } from "~/trpc";
import { ActivityLine } from "./activity-line";
import { PRIORITIES, type BoardColumn, type Card, type Member, type Priority } from "./types";

type Ticket = Awaited<ReturnType<typeof trpc.tickets.get.query>>;
type Draft = { title: string; descriptionMd: string; priority: Priority; assigneeId: string; labels: string; columnKey: string };

const toDraft = (ticket: Ticket): Draft => ({
  title: ticket.title,
  descriptionMd: ticket.descriptionMd,
  priority: ticket.priority,
  assigneeId: ticket.assignee ? String(ticket.assignee.id) : "",
  labels: ticket.labels.join(", "),
  columnKey: ticket.columnKey,
});

const inputClass =
  "w-full rounded-md border border-zinc-300 bg-transparent px-3 py-2 text-sm aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-950 dark:aria-[invalid=true]:border-red-400";

const DRAFT_FIELDS = new Set(["title", "descriptionMd", "priority", "assigneeId", "labels", "columnKey"]);
/** `labels.2` → the Labels field; the drawer's fields carry the server's names. */
const draftFieldOf = (path: string) => {
  const field = path.split(".")[0] ?? "";
  return DRAFT_FIELDS.has(field) ? field : null;
};

/**
 * View and edit every field of a ticket, with a markdown preview, comments and
 * history. A modal dialog (WAI-ARIA): focus moves in and stays in, Escape or a
 * click outside closes it, and focus returns to the card that opened it.
 */
export function TicketDrawer(props: {
  ticketKey: string;
  columns: BoardColumn[];
  members: Member[];
  onClose: () => void;
  onChanged: (card: Card) => void;
  onDeleted: (id: number) => void;
}) {
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [preview, setPreview] = useState(false);
  // The board and the drawer update themselves from the answer: no reload of the page's data.
  const form = useForm({ fieldOf: draftFieldOf, revalidate: false });
  const commentForm = useForm({ fieldOf: (path) => (path === "bodyMd" ? "comment" : null), revalidate: false });
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [comment, setComment] = useState("");
  const [confirm, dialog] = useConfirm();
  const [canSave, canArchive, canDelete, canComment] = [
    useCanCall("tickets.update"),
    useCanCall("tickets.archive"),
    useCanCall("tickets.delete"),
    useCanCall("tickets.addComment"),
  ];
  const returnFocus = useFocusReturn();

  const load = useCallback(async () => {
    try {
      const loaded = await trpc.tickets.get.query({ key: props.ticketKey });
      setTicket(loaded);
      setDraft(toDraft(loaded));
      setLoadError(null);
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }, [props.ticketKey]);

  useEffect(() => {
    setTicket(null);
    void load();
  }, [load]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!ticket || !draft) return;
    setMessage(null);
    void form.submit(async () => {
      const card = await trpc.tickets.update.mutate({
        ticketId: ticket.id,
        title: draft.title,
        descriptionMd: draft.descriptionMd,
        priority: draft.priority,
        assigneeId: draft.assigneeId ? Number(draft.assigneeId) : null,
        labels: draft.labels
          .split(",")
          .map((label) => label.trim())
          .filter(Boolean),
        columnKey: draft.columnKey,
      });
      props.onChanged(card as Card);
      await load();
      setMessage({ tone: "ok", text: "Saved." });
    });
  };

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      setMessage({ tone: "error", text: errorMessage(error) });
    }
  };

  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : props.onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-30 bg-black/30" />
        <Dialog.Content
          aria-describedby={undefined}
          data-ticket-key={props.ticketKey}
          onCloseAutoFocus={returnFocus}
          className="fixed inset-y-0 right-0 z-30 flex h-full w-full max-w-xl flex-col overflow-y-auto bg-white p-6 shadow-2xl dark:bg-zinc-950"
        >
          {dialog}
          <div className="flex items-center justify-between">
            <Dialog.Title className="font-mono text-sm font-normal text-zinc-500 dark:text-zinc-400">
              <span className="sr-only">Ticket </span>
              {props.ticketKey}
            </Dialog.Title>
            <Dialog.Close
              aria-label="Close ticket"
              className="rounded px-2 text-xl leading-none hover:bg-zinc-100 dark:hover:bg-zinc-800"
            >
              ×
            </Dialog.Close>
          </div>
          {loadError ? (
            <p role="alert" className="mt-6 text-sm text-red-600 dark:text-red-400">
              {loadError}
            </p>
          ) : !ticket || !draft ? (
            <p className="mt-6 text-sm text-zinc-500 dark:text-zinc-400" role="status">
              Loading…
            </p>
          ) : (
            <>
              <form onSubmit={save} noValidate className="mt-4 flex flex-col gap-4">
                <div className="flex flex-col gap-1 text-sm">
                  <label className="flex flex-col gap-1">
                    <span className="font-medium">Title</span>
                    <input
                      value={draft.title}
                      onChange={(e) => setDraft({ ...draft, title: e.target.value })}
                      maxLength={200}
                      className={inputClass}
                      {...form.field("title")}
                    />
                  </label>
                  <FieldError {...form.error("title")} />
                </div>
                <div className="flex flex-col gap-1 text-sm">
                  <div className="flex items-center justify-between">
                    <span className="font-medium" id="description-label">
                      Description
                    </span>
                    <div className="flex gap-1" role="tablist">
                      <button
                        type="button"
                        role="tab"
                        aria-selected={!preview}
                        onClick={() => setPreview(false)}
                        className={`rounded px-2 py-0.5 text-xs ${!preview ? "bg-zinc-200 dark:bg-zinc-800" : ""}`}
                      >
                        Write
                      </button>
                      <button
                        type="button"
                        role="tab"
                        aria-selected={preview}
                        onClick={() => setPreview(true)}
                        className={`rounded px-2 py-0.5 text-xs ${preview ? "bg-zinc-200 dark:bg-zinc-800" : ""}`}
                      >
                        Preview
                      </button>
                    </div>
                  </div>
                  {preview ? (
                    <div
                      data-testid="markdown-preview"
                      className="prose-sm min-h-32 rounded-md border border-zinc-200 p-3 dark:border-zinc-800 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:font-semibold [&_li]:ml-4 [&_ul]:list-disc"
                    >
                      {draft.descriptionMd.trim() ? (
                        <Markdown>{draft.descriptionMd}</Markdown>
                      ) : (
                        <p className="text-zinc-500 dark:text-zinc-400">Nothing to preview.</p>
                      )}
                    </div>
                  ) : (
                    <textarea
                      aria-labelledby="description-label"
                      value={draft.descriptionMd}
                      onChange={(e) => setDraft({ ...draft, descriptionMd: e.target.value })}
                      rows={8}
                      className={`${inputClass} font-mono`}
                      {...form.field("descriptionMd")}
                    />
                  )}
                  <FieldError {...form.error("descriptionMd")} />
                </div>
                <div className="grid grid-cols-2 gap-3">
                  <div className="flex flex-col gap-1 text-sm">
                    <label className="flex flex-col gap-1">
                      <span className="font-medium">Column</span>
                      <select
                        value={draft.columnKey}
                        onChange={(e) => setDraft({ ...draft, columnKey: e.target.value })}
                        className={inputClass}
                        {...form.field("columnKey")}
                      >
                        {props.columns.map((column) => (
                          <option key={column.key} value={column.key}>
                            {column.name}
                          </option>
                        ))}
                      </select>
                    </label>
                    <FieldError {...form.error("columnKey")} />
                  </div>
                  <div className="flex flex-col gap-1 text-sm">
                    <label className="flex flex-col gap-1">
                      <span className="font-medium">Priority</span>
                      <select
                        value={draft.priority}
                        onChange={(e) => setDraft({ ...draft, priority: e.target.value as Priority })}
                        className={inputClass}
                        {...form.field("priority")}
                      >
                        {PRIORITIES.map((priority) => (
                          <option key={priority} value={priority}>
                            {priority}
                          </option>
                        ))}
                      </select>
                    </label>
                    <FieldError {...form.error("priority")} />
                  </div>
                  <div className="flex flex-col gap-1 text-sm">
                    <label className="flex flex-col gap-1">
                      <span className="font-medium">Assignee</span>
                      <select
                        value={draft.assigneeId}
                        onChange={(e) => setDraft({ ...draft, assigneeId: e.target.value })}
                        className={inputClass}
                        {...form.field("assigneeId")}
                      >
                        <option value="">Unassigned</option>
                        {props.members.map((member) => (
                          <option key={member.id} value={member.id}>
                            {member.login}
                          </option>
                        ))}
                      </select>
                    </label>
                    <FieldError {...form.error("assigneeId")} />
                  </div>
                  <div className="flex flex-col gap-1 text-sm">
                    <label className="flex flex-col gap-1">
                      <span className="font-medium">Labels</span>
                      <input
                        value={draft.labels}
                        onChange={(e) => setDraft({ ...draft, labels: e.target.value })}
                        placeholder="bug, frontend"
                        className={inputClass}
                        {...form.field("labels")}
                      />
                    </label>
                    <FieldError {...form.error("labels")} />
                  </div>
                </div>
                <FormSummary message={form.errors.summary} />
                {message ? (
                  <p
                    role={message.tone === "error" ? "alert" : "status"}
                    className={`text-sm ${message.tone === "error" ? "text-red-600 dark:text-red-400" : "text-lime-700 dark:text-lime-400"}`}
                  >
                    {message.text}
                  </p>
                ) : null}
                <div className="flex items-center gap-2">
                  <button
                    type="submit"
                    {...canSave.control(form.pending)}
                    className="rounded-md bg-lime-700 px-4 py-2 text-sm font-medium text-white hover:bg-lime-800 disabled:opacity-60"
                  >
                    {form.pending ? "Saving…" : "Save"}
                  </button>
                  <button
                    type="button"
                    {...canArchive.control()}
                    onClick={async () =>
                      (await confirm({
                        title: `Archive ${ticket.key}?`,
                        description: "It leaves the board; its runs and history are kept.",
                        confirmLabel: "Archive ticket",
                      })) &&
                      run(async () => {
                        const card = await trpc.tickets.archive.mutate({ ticketId: ticket.id });
                        props.onChanged(card as Card);
                        props.onClose();
                      })
                    }
                    className="rounded-md border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700"
                  >
                    Archive
                  </button>
                  <button
                    type="button"
                    {...canDelete.control()}
                    onClick={async () =>
                      (await confirm({
                        title: `Delete ${ticket.key} for good?`,
                        description: "The ticket, its comments and its attachments are deleted; this cannot be undone.",
                        confirmLabel: "Delete ticket",
                      })) &&
                      run(async () => {
                        await trpc.tickets.delete.mutate({ ticketId: ticket.id });
                        props.onDeleted(ticket.id);
                      })
                    }
                    className="ml-auto rounded-md px-3 py-2 text-sm text-red-600 dark:text-red-400"
                  >
                    Delete
                  </button>
                </div>
              </form>
              <TicketRuns ticket={{ id: ticket.id, key: `${ticket.projectKey}-${ticket.number}`, title: ticket.title }} />
              <section aria-labelledby="comments-heading" className="mt-8">
                <h3 id="comments-heading" className="text-sm font-semibold">
                  Comments
                </h3>
                <ul className="mt-2 flex flex-col gap-2">
                  {ticket.comments.map((c) => (
                    <li key={c.id} className="rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-900">
                      <span className="text-xs text-zinc-500 dark:text-zinc-400">{c.author?.login ?? "someone"}</span>
                      <Markdown>{c.bodyMd}</Markdown>
                    </li>
                  ))}
                  {ticket.comments.length === 0 ? (
                    <li className="text-sm text-zinc-500 dark:text-zinc-400">No comments yet.</li>
                  ) : null}
                </ul>
                <form
                  className="mt-2 flex flex-wrap gap-2"
                  noValidate
                  aria-label="Add a comment"
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (!comment.trim()) return;
                    void commentForm.submit(async () => {
                      await trpc.tickets.addComment.mutate({ ticketId: ticket.id, bodyMd: comment });
                      setComment("");
                      await load();
                    });
                  }}
                >
                  <input
                    value={comment}
                    onChange={(e) => setComment(e.target.value)}
                    aria-label="New comment"
                    placeholder="Add a comment"
                    className={`${inputClass} flex-1`}
                    {...commentForm.field("comment")}
                  />
                  <button
                    type="submit"
                    {...canComment.control(commentForm.pending)}
                    className="rounded-md border border-zinc-300 px-3 text-sm dark:border-zinc-700"
                  >
                    {commentForm.pending ? "Saving…" : "Comment"}
                  </button>
                  <div className="basis-full">
                    <FieldError {...commentForm.error("comment")} />
                    <FormSummary message={commentForm.errors.summary} />
                  </div>
                </form>
              </section>
              <section aria-labelledby="history-heading" className="mt-8">
                <h3 id="history-heading" className="text-sm font-semibold">
                  History
                </h3>
                <ol className="mt-2 flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
                  {ticket.activity.map((entry) => (
                    <ActivityLine key={entry.id} entry={entry} columns={props.columns} />
                  ))}
                </ol>
              </section>
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
