import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { useCanCall } from "~/permissions";
import { listProjects } from "~/projects.server";
import { listInstructions } from "~/runs.server";
import { requireIdentity } from "~/session.server";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { FieldError, FormSummary, RowError, useForm } from "~/components/ui/form";
import { useRevalidatingAction } from "~/components/ui/use-revalidating-action";
import { trpc } from "~/trpc";

export const meta: MetaFunction = () => [{ title: "Agent instructions · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  const [instructions, projects] = await Promise.all([listInstructions({ tenantId }), listProjects({ tenantId })]);
  return json({ ...instructions, projects });
}

const box =
  "w-full rounded-md border border-zinc-300 bg-white p-2 text-sm aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:aria-[invalid=true]:border-red-400";

/**
 * Instruction layers every run gets, in this order: the provider's default,
 * then custom instructions for the workspace, the project, the repository and
 * the ticket; the repository's AGENTS.md and the user's prompt come last.
 */
export default function InstructionsPage() {
  const { defaults, custom, projects } = useLoaderData<typeof loader>();
  const { act, error, rowError } = useRevalidatingAction();
  const [confirm, dialog] = useConfirm();
  const [canToggle, canDelete] = [useCanCall("instructions.update"), useCanCall("instructions.delete")];
  const projectName = (id: number | null) => projects.find((project) => project.id === id)?.key ?? `#${id}`;

  return (
    <div className="mx-auto max-w-4xl p-6">
      {dialog}
      <h1 className="text-2xl font-semibold">Agent instructions</h1>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        Layers apply in order: provider default → workspace → project → repository → ticket → AGENTS.md → the prompt.
      </p>
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <section className="mt-6 grid gap-4 md:grid-cols-2" aria-label="Provider defaults">
        {(["claude", "codex"] as const).map((provider) => (
          <DefaultEditor
            key={provider}
            provider={provider}
            initial={defaults.find((row) => row.provider === provider)?.instructions ?? ""}
            onSave={(instructions) => trpc.instructions.setDefault.mutate({ provider, instructions })}
          />
        ))}
      </section>
      <section className="mt-8" aria-labelledby="custom-heading">
        <h2 id="custom-heading" className="text-lg font-semibold">
          Custom instructions
        </h2>
        <ul className="mt-3 flex flex-col gap-2">
          {custom.length === 0 ? <li className="text-sm text-zinc-500 dark:text-zinc-400">None yet.</li> : null}
          {custom.map((row) => (
            <li key={row.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <div className="flex items-center gap-2 text-sm">
                <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">
                  {row.scope}
                  {row.scope === "project" ? ` ${projectName(row.scopeId)}` : row.scopeId ? ` #${row.scopeId}` : ""}
                </span>
                <strong>{row.title}</strong>
                <label className="ml-auto flex items-center gap-1 text-xs">
                  <input
                    type="checkbox"
                    {...canToggle.control()}
                    checked={row.enabled}
                    onChange={(e) =>
                      act(
                        () => trpc.instructions.update.mutate({ id: row.id, enabled: e.target.checked }),
                        undefined,
                        `${row.id}`,
                      )
                    }
                  />
                  enabled
                </label>
                <button
                  type="button"
                  {...canDelete.control()}
                  className="text-xs text-red-700 dark:text-red-400"
                  onClick={async () => {
                    if (
                      await confirm({
                        title: `Delete the instructions “${row.title}”?`,
                        description: "Runs from now on no longer get them; this cannot be undone.",
                        confirmLabel: "Delete instructions",
                      })
                    )
                      void act(() => trpc.instructions.delete.mutate({ id: row.id }), undefined, `${row.id}`);
                  }}
                >
                  Delete
                </button>
              </div>
              <RowError message={rowError(`${row.id}`)} />
              <p className="mt-1 whitespace-pre-wrap text-sm text-zinc-600 dark:text-zinc-300">{row.instructions}</p>
            </li>
          ))}
        </ul>
        <NewInstruction projects={projects} onCreate={(input) => trpc.instructions.create.mutate(input)} />
      </section>
    </div>
  );
}

function DefaultEditor(props: { provider: string; initial: string; onSave: (text: string) => Promise<unknown> }) {
  const [text, setText] = useState(props.initial);
  const canSave = useCanCall("instructions.setDefault");
  const form = useForm();
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit(() => props.onSave(text));
      }}
      className="flex flex-col gap-2"
    >
      <label htmlFor={`default-${props.provider}`} className="text-sm font-medium">
        Default for {props.provider === "claude" ? "Claude" : "Codex"}
      </label>
      <textarea
        id={`default-${props.provider}`}
        rows={5}
        className={box}
        value={text}
        onChange={(e) => setText(e.target.value)}
        {...form.field("instructions")}
      />
      <FieldError {...form.error("instructions")} />
      <FormSummary message={form.errors.summary} />
      <button
        type="submit"
        {...canSave.control(form.pending)}
        className="self-end rounded-md border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700"
      >
        {form.pending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}

function NewInstruction(props: {
  projects: Array<{ id: number; key: string; name: string }>;
  onCreate: (input: {
    scope: "tenant" | "project";
    scopeId: number | null;
    title: string;
    instructions: string;
  }) => Promise<unknown>;
}) {
  const [scope, setScope] = useState<"tenant" | "project">("tenant");
  const [projectId, setProjectId] = useState<number | null>(props.projects[0]?.id ?? null);
  const [title, setTitle] = useState("");
  const [instructions, setInstructions] = useState("");
  const canCreate = useCanCall("instructions.create");
  const form = useForm();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // On failure the message is beside the field; the form keeps what was typed so it can be fixed and resent.
    await form.submit(async () => {
      await props.onCreate({ scope, scopeId: scope === "project" ? projectId : null, title, instructions });
      setTitle("");
      setInstructions("");
    });
  };
  return (
    <form
      noValidate
      onSubmit={submit}
      className="mt-4 flex flex-col gap-2 rounded-md border border-dashed border-zinc-300 p-3 dark:border-zinc-700"
      aria-label="New instructions"
    >
      <div className="flex gap-2">
        <label className="sr-only" htmlFor="new-scope">
          Scope
        </label>
        <select
          id="new-scope"
          className={`${box} w-40`}
          value={scope}
          onChange={(e) => setScope(e.target.value as "tenant" | "project")}
        >
          <option value="tenant">Workspace</option>
          <option value="project">Project</option>
        </select>
        {scope === "project" ? (
          <select
            aria-label="Project"
            className={`${box} w-48`}
            value={projectId ?? ""}
            onChange={(e) => setProjectId(Number(e.target.value))}
          >
            {props.projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.key} · {project.name}
              </option>
            ))}
          </select>
        ) : null}
        <input
          aria-label="Title"
          placeholder="Title"
          className={box}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          {...form.field("title")}
        />
      </div>
      <FieldError {...form.error("scopeId")} />
      <FieldError {...form.error("title")} />
      <textarea
        aria-label="Instructions"
        rows={3}
        className={box}
        placeholder="e.g. Use pnpm. Never edit generated files."
        value={instructions}
        onChange={(e) => setInstructions(e.target.value)}
        {...form.field("instructions")}
      />
      <FieldError {...form.error("instructions")} />
      <FormSummary message={form.errors.summary} />
      <button
        type="submit"
        className="self-end rounded-md bg-lime-700 px-3 py-1 text-sm text-white disabled:opacity-50"
        {...canCreate.control(!title.trim() || !instructions.trim() || form.pending)}
      >
        {form.pending ? "Saving…" : "Add instructions"}
      </button>
    </form>
  );
}
