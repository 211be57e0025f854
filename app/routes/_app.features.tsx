import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { FieldError, fieldProblem, FormSummary, inputClass, RowError, useForm } from "~/components/ui/form";
import { useRevalidatingAction } from "~/components/ui/use-revalidating-action";
import { listRepositories } from "~/github.server";
import { useCanCall } from "~/permissions";
import { searchFeatures } from "~/projects.server";
import { requireIdentity } from "~/session.server";
import { trpc } from "~/trpc";

export const meta: MetaFunction = () => [{ title: "Features · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  const query = new URL(request.url).searchParams.get("q") ?? "";
  const [features, repositories] = await Promise.all([
    searchFeatures({ tenantId, query: query.slice(0, 200) }),
    listRepositories({ tenantId }),
  ]);
  return json({ features, repositories, query });
}

const box = inputClass;

type Draft = { featureId?: number; name: string; description: string; aliases: string; repos: Record<number, number> };
const empty: Draft = { name: "", description: "", aliases: "", repos: {} };

/**
 * Features and the repositories they span: a multi-repo run on a feature fans
 * out one sub-run per repository (highest impact first when in sequence).
 * Aliases are the other names people use; search finds them.
 */
export default function FeaturesPage() {
  const { features, repositories, query } = useLoaderData<typeof loader>();
  const [, setParams] = useSearchParams();
  const [draft, setDraft] = useState<Draft | null>(null);
  const { act, error, rowError } = useRevalidatingAction();
  const [confirm, dialog] = useConfirm();
  const [canCreate, canUpdate, canDelete] = [
    useCanCall("features.create"),
    useCanCall("features.update"),
    useCanCall("features.delete"),
  ];
  const form = useForm({ fieldOf: (path) => (path.startsWith("repositories") ? "repositories" : path || null) });

  function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const input = {
      name: draft.name,
      description: draft.description,
      projectId: null,
      aliases: draft.aliases
        .split(",")
        .map((alias) => alias.trim())
        .filter(Boolean),
      repositories: Object.entries(draft.repos).map(([repositoryId, relativeImpact]) => ({
        repositoryId: Number(repositoryId),
        relativeImpact,
      })),
    };
    void form.submit(async () => {
      // The server refuses it too; saying so here keeps the draft as it is, without a round trip.
      if (input.repositories.length === 0)
        throw fieldProblem("repositories", "Choose at least one repository: a run on the feature works in each of them.");
      if (draft.featureId) await trpc.features.update.mutate({ featureId: draft.featureId, ...input });
      else await trpc.features.create.mutate(input);
      setDraft(null);
    });
  }

  return (
    <div className="mx-auto max-w-4xl p-6">
      {dialog}
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Features</h1>
        <button
          type="button"
          {...canCreate.control()}
          className="rounded-md bg-lime-700 px-3 py-1.5 text-sm text-white disabled:opacity-50"
          onClick={() => {
            form.clear();
            setDraft({ ...empty });
          }}
        >
          New feature
        </button>
      </div>
      <Form
        method="get"
        className="mt-4"
        onChange={(e) =>
          setParams(new URLSearchParams(new FormData(e.currentTarget) as unknown as Record<string, string>), { replace: true })
        }
      >
        <input
          name="q"
          aria-label="Search features"
          placeholder="Search by name, description or alias"
          defaultValue={query}
          className={`${box} w-full`}
        />
      </Form>
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {draft ? (
        <form
          onSubmit={save}
          className="mt-4 flex flex-col gap-2 rounded-md border border-zinc-200 p-4 dark:border-zinc-800"
          aria-label="Feature"
        >
          <input
            aria-label="Feature name"
            placeholder="Name (e.g. Checkout)"
            className={box}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            {...form.field("name")}
          />
          <FieldError {...form.error("name")} />
          <textarea
            aria-label="Description"
            placeholder="What it is"
            rows={2}
            className={box}
            value={draft.description}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          />
          <input
            aria-label="Aliases"
            placeholder="Aliases, comma-separated (e.g. cart, payments)"
            className={box}
            value={draft.aliases}
            onChange={(e) => setDraft({ ...draft, aliases: e.target.value })}
          />
          <fieldset className="flex flex-col gap-1" {...form.field("repositories")}>
            <legend className="text-xs font-medium text-zinc-500 dark:text-zinc-400">
              Repositories and their share of the feature
            </legend>
            {repositories.length === 0 ? (
              <p className="text-sm text-zinc-500 dark:text-zinc-400">Import repositories first.</p>
            ) : null}
            {repositories.map((repo) => {
              const impact = draft.repos[repo.id];
              return (
                <label key={repo.id} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={impact !== undefined}
                    onChange={(e) => {
                      const repos = { ...draft.repos };
                      if (e.target.checked) repos[repo.id] = 1;
                      else delete repos[repo.id];
                      setDraft({ ...draft, repos });
                    }}
                  />
                  <span className="w-56 font-mono">{repo.fullName}</span>
                  {impact !== undefined ? (
                    <>
                      <input
                        type="range"
                        min={0}
                        max={1}
                        step={0.05}
                        aria-label={`Impact of ${repo.fullName}`}
                        value={impact}
                        onChange={(e) => setDraft({ ...draft, repos: { ...draft.repos, [repo.id]: Number(e.target.value) } })}
                      />
                      <span className="w-10 text-xs tabular-nums text-zinc-500 dark:text-zinc-400">
                        {Math.round(impact * 100)}%
                      </span>
                    </>
                  ) : null}
                </label>
              );
            })}
            <FieldError {...form.error("repositories")} />
          </fieldset>
          <FormSummary message={form.errors.summary} />
          <div className="flex justify-end gap-2">
            <button type="button" className="text-sm" onClick={() => setDraft(null)}>
              Cancel
            </button>
            <button
              type="submit"
              {...(draft.featureId ? canUpdate : canCreate).control(!draft.name.trim())}
              className="rounded-md bg-lime-700 px-3 py-1 text-sm text-white disabled:opacity-50"
            >
              Save feature
            </button>
          </div>
        </form>
      ) : null}
      <ul className="mt-4 flex flex-col gap-2" aria-label="Features">
        {features.length === 0 ? (
          <li className="text-sm text-zinc-500 dark:text-zinc-400">{query ? "No feature matches." : "No features yet."}</li>
        ) : null}
        {features.map((feature) => (
          <li key={feature.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
            <div className="flex items-center gap-2">
              <strong>{feature.name}</strong>
              {feature.aliases.map((alias) => (
                <span key={alias} className="rounded bg-zinc-100 px-1.5 text-xs dark:bg-zinc-800">
                  {alias}
                </span>
              ))}
              <span className="ml-auto flex gap-2 text-xs">
                <button
                  type="button"
                  {...canUpdate.control()}
                  onClick={() =>
                    setDraft({
                      featureId: feature.id,
                      name: feature.name,
                      description: feature.description,
                      aliases: feature.aliases.join(", "),
                      repos: Object.fromEntries(feature.repositories.map((repo) => [repo.repositoryId, repo.relativeImpact])),
                    })
                  }
                >
                  Edit
                </button>
                <button
                  type="button"
                  {...canDelete.control()}
                  className="text-red-700 dark:text-red-400"
                  onClick={async () => {
                    const sure = await confirm({
                      title: `Delete the feature ${feature.name}?`,
                      description: "Its repository map and aliases go with it; runs already made on it are kept.",
                      confirmLabel: "Delete feature",
                    });
                    if (sure) void act(() => trpc.features.delete.mutate({ featureId: feature.id }), undefined, `${feature.id}`);
                  }}
                >
                  Delete
                </button>
              </span>
            </div>
            {feature.description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-300">{feature.description}</p> : null}
            <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
              {feature.repositories.map((repo) => `${repo.fullName} (${Math.round(repo.relativeImpact * 100)}%)`).join(" · ") ||
                "No repositories"}
            </p>
            <RowError message={rowError(`${feature.id}`)} />
          </li>
        ))}
      </ul>
    </div>
  );
}
