import * as Dialog from "@radix-ui/react-dialog";
import { useState } from "react";
import { FieldError, FormSummary, inputClass, useForm } from "~/components/ui/form";
import { useCanCall } from "~/permissions";
import { trpc } from "~/trpc";
import { useFocusReturn } from "~/components/ui/use-focus-return";
import type { BoardColumn } from "./types";

type Draft = { key?: string; name: string; wipLimit: string };

/**
 * Add, rename, reorder, set WIP limits on and delete (when empty) a board's
 * columns, in a modal dialog: focus moves in and stays in, Escape cancels, and
 * focus returns to the button that opened it.
 */
export function ColumnEditor(props: {
  boardId: number;
  columns: BoardColumn[];
  onClose: () => void;
  onSaved: (columns: BoardColumn[]) => void;
}) {
  const [drafts, setDrafts] = useState<Draft[]>(
    props.columns.map((c) => ({ key: c.key, name: c.name, wipLimit: c.wipLimit ? String(c.wipLimit) : "" })),
  );
  // The server names a column by its place in the list it was sent (`columns.1.wipLimit`), as the drafts are.
  const form = useForm({ revalidate: false });
  const returnFocus = useFocusReturn();
  const canSave = useCanCall("projects.updateColumns");
  const update = (index: number, patch: Partial<Draft>) =>
    setDrafts((current) => current.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  const move = (index: number, step: number) =>
    setDrafts((current) => {
      const next = [...current];
      const [item] = next.splice(index, 1);
      next.splice(index + step, 0, item!);
      return next;
    });
  const save = () =>
    form.submit(async () => {
      const board = await trpc.projects.updateColumns.mutate({
        boardId: props.boardId,
        columns: drafts.map((d) => ({ key: d.key, name: d.name, wipLimit: d.wipLimit ? Number(d.wipLimit) : null })),
      });
      props.onSaved(board.columnsJson);
    });
  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : props.onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content
          aria-describedby={undefined}
          onCloseAutoFocus={returnFocus}
          className="fixed left-1/2 top-1/2 z-40 max-h-[calc(100vh-2rem)] w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl dark:bg-zinc-900"
        >
          <Dialog.Title className="text-lg font-semibold">Columns</Dialog.Title>
          <ul className="mt-4 flex flex-col gap-2">
            {drafts.map((draft, index) => (
              <li key={draft.key ?? `new-${index}`} className="flex flex-col gap-1">
                <div className="flex items-center gap-2">
                  <input
                    aria-label={`Column ${index + 1} name`}
                    value={draft.name}
                    onChange={(event) => update(index, { name: event.target.value })}
                    className={`${inputClass} min-w-0 flex-1 bg-transparent`}
                    {...form.field(`columns.${index}.name`)}
                  />
                  <input
                    aria-label={`Column ${index + 1} WIP limit`}
                    value={draft.wipLimit}
                    onChange={(event) => update(index, { wipLimit: event.target.value.replace(/\D/g, "") })}
                    placeholder="WIP"
                    inputMode="numeric"
                    className={`${inputClass} w-16 bg-transparent`}
                    {...form.field(`columns.${index}.wipLimit`)}
                  />
                  <button
                    type="button"
                    aria-label={`Move column ${index + 1} up`}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                    className="px-1 disabled:opacity-30"
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    aria-label={`Move column ${index + 1} down`}
                    disabled={index === drafts.length - 1}
                    onClick={() => move(index, 1)}
                    className="px-1 disabled:opacity-30"
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    aria-label={`Delete column ${index + 1}`}
                    onClick={() => setDrafts((current) => current.filter((_, i) => i !== index))}
                    className="px-1 text-red-600 dark:text-red-400"
                  >
                    ✕
                  </button>
                </div>
                <FieldError {...form.error(`columns.${index}.name`)} />
                <FieldError {...form.error(`columns.${index}.wipLimit`)} />
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => setDrafts((current) => [...current, { name: "New column", wipLimit: "" }])}
            className="mt-3 text-sm text-lime-700 underline dark:text-lime-400"
          >
            Add column
          </button>
          <div className="mt-3">
            <FormSummary message={form.errors.summary} />
          </div>
          <div className="mt-5 flex justify-end gap-2">
            <Dialog.Close className="rounded-md px-3 py-1.5 text-sm">Cancel</Dialog.Close>
            <button
              type="button"
              onClick={() => void save()}
              {...canSave.control(form.pending)}
              className="rounded-md bg-lime-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
            >
              {form.pending ? "Saving…" : "Save columns"}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
