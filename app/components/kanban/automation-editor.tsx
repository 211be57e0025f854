import { useState } from "react";
import type { BoardAutomation } from "../../../db/schema";
import { FieldError, FormSummary, useForm } from "~/components/ui/form";
import { useCanCall } from "~/permissions";
import { trpc } from "~/trpc";
import type { BoardColumn } from "./types";

export type Automation = BoardAutomation;

const EVENTS: Array<{ key: keyof Automation; label: string }> = [
  { key: "runStarted", label: "When a run starts" },
  { key: "prOpened", label: "When its pull request opens" },
  { key: "prMerged", label: "When the pull request merges" },
  { key: "prClosed", label: "When it closes unmerged" },
];

/** Where run and pull request events move this project's tickets (project settings). */
export function AutomationEditor(props: {
  projectId: number;
  columns: BoardColumn[];
  automation: Automation;
  onClose: () => void;
  onSaved: (automation: Automation) => void;
}) {
  const [draft, setDraft] = useState(props.automation);
  const form = useForm({ revalidate: false });
  const canSave = useCanCall("projects.updateAutomation");
  const save = () =>
    form.submit(async () =>
      props.onSaved(await trpc.projects.updateAutomation.mutate({ projectId: props.projectId, automation: draft })),
    );
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby="automation-editor-title"
      className="fixed inset-0 z-40 flex items-center justify-center bg-black/40 p-4"
    >
      <div className="w-full max-w-lg rounded-lg bg-white p-5 shadow-xl dark:bg-zinc-900">
        <h2 id="automation-editor-title" className="text-lg font-semibold">
          Board automation
        </h2>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
          Agent runs and their pull requests move the ticket they work on.
        </p>
        <div className="mt-4 flex flex-col gap-3">
          {EVENTS.map((event) => (
            <label key={event.key} className="flex flex-wrap items-center justify-between gap-3 text-sm">
              {event.label}
              <select
                {...form.field(`automation.${event.key}`)}
                value={draft[event.key] ?? ""}
                onChange={(change) => setDraft({ ...draft, [event.key]: change.target.value || null })}
                className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
              >
                <option value="">Leave it</option>
                {event.key === "prClosed" ? <option value="previous">Back where it was</option> : null}
                {props.columns.map((column) => (
                  <option key={column.key} value={column.key}>
                    Move to {column.name}
                  </option>
                ))}
              </select>
              <FieldError {...form.error(`automation.${event.key}`)} />
            </label>
          ))}
        </div>
        <FormSummary message={form.errors.summary} />
        <div className="mt-5 flex justify-end gap-2">
          <button type="button" onClick={props.onClose} className="rounded-md px-3 py-1.5 text-sm">
            Cancel
          </button>
          <button
            type="button"
            onClick={save}
            {...canSave.control(form.pending)}
            className="rounded-md bg-lime-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
          >
            {form.pending ? "Saving…" : "Save automation"}
          </button>
        </div>
      </div>
    </div>
  );
}
