import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { FieldError, FieldProblems, FormSummary, inputClass, RowError, useForm } from "~/components/ui/form";
import { useRevalidatingAction } from "~/components/ui/use-revalidating-action";
import { listModelPrices, MODELS } from "~/governance.server";
import { useCanCall } from "~/permissions";
import { requirePermission } from "~/session.server";
import { trpc } from "~/trpc";

export const meta: MetaFunction = () => [{ title: "Model prices · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requirePermission(request, "integrations:manage");
  return json({
    overrides: await listModelPrices({ tenantId }),
    catalog: MODELS.map(
      ({ id, provider, label, inputUsdPerMillion, outputUsdPerMillion, cacheWriteUsdPerMillion, cacheReadUsdPerMillion }) => ({
        id,
        provider,
        label,
        inputUsdPerMillion,
        outputUsdPerMillion,
        cacheWriteUsdPerMillion: cacheWriteUsdPerMillion ?? null,
        cacheReadUsdPerMillion: cacheReadUsdPerMillion ?? null,
      }),
    ),
  });
}

type Provider = "claude" | "codex";
type Draft = { provider: Provider; model: string; input: string; output: string; cacheWrite: string; cacheRead: string };
const EMPTY: Draft = { provider: "codex", model: "", input: "", output: "", cacheWrite: "", cacheRead: "" };
const box = inputClass;
const usd = (value: number | null) => (value === null ? "as input" : `$${value}`);
const optional = (text: string) => (text.trim() === "" ? null : Number(text));

type FieldErrors = Partial<Record<keyof Draft, string>>;

/** The server's field for each of the form's. */
const FIELD_OF: Record<string, keyof Draft> = {
  provider: "provider",
  model: "model",
  inputUsdPerMillion: "input",
  outputUsdPerMillion: "output",
  cacheWriteUsdPerMillion: "cacheWrite",
  cacheReadUsdPerMillion: "cacheRead",
};
const fieldOf = (path: string) => FIELD_OF[path] ?? null;

/** The server's rules (set-model-price.ts), checked before sending so each message shows beside its field. */
function validate(draft: Draft): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.model.trim() === "") errors.model = "Enter the model's id, as the provider names it.";
  const price = (key: "input" | "output" | "cacheWrite" | "cacheRead", required: boolean) => {
    const text = draft[key].trim();
    if (text === "") {
      if (required) errors[key] = "Enter a price in US dollars per million tokens.";
      return;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) errors[key] = "A price is a number of US dollars.";
    else if (value < 0) errors[key] = "A price cannot be negative.";
    else if (value > 10_000) errors[key] = "A price is at most $10,000 per million tokens.";
  };
  price("input", true);
  price("output", true);
  price("cacheWrite", false);
  price("cacheRead", false);
  return errors;
}

/**
 * What each model costs the workspace: the catalog's list prices, and the
 * workspace's own prices, which win. A model priced by neither cannot run —
 * budgets could not count it.
 */
export default function ModelPricesPage() {
  const { overrides, catalog } = useLoaderData<typeof loader>();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const { act, error, rowError } = useRevalidatingAction();
  const form = useForm({ fieldOf });
  const [confirm, dialog] = useConfirm();
  const [canSet, canRemove] = [useCanCall("modelPrices.set"), useCanCall("modelPrices.remove")];
  const field = (key: keyof Draft) => (event: { target: { value: string } }) => {
    setDraft({ ...draft, [key]: event.target.value });
    if (form.errors.fields[key]) {
      const { [key]: _fixed, ...rest } = form.errors.fields;
      form.setErrors({ ...form.errors, fields: rest });
    }
  };
  const invalid = (key: keyof Draft) => form.field(key);
  const fieldError = (key: keyof Draft) => <FieldError {...form.error(key)} />;
  const save = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(async () => {
      const errors = validate(draft);
      if (Object.keys(errors).length > 0) throw new FieldProblems({ fields: errors as Record<string, string>, summary: null });
      await trpc.modelPrices.set.mutate({
        provider: draft.provider,
        model: draft.model.trim(),
        inputUsdPerMillion: Number(draft.input),
        outputUsdPerMillion: Number(draft.output),
        cacheWriteUsdPerMillion: optional(draft.cacheWrite),
        cacheReadUsdPerMillion: optional(draft.cacheRead),
      });
      setDraft(EMPTY);
    });
  };
  const edit = (row: {
    provider: Provider;
    model: string;
    inputUsdPerMillion: number;
    outputUsdPerMillion: number;
    cacheWriteUsdPerMillion: number | null;
    cacheReadUsdPerMillion: number | null;
  }) => {
    form.clear();
    setDraft({
      provider: row.provider,
      model: row.model,
      input: String(row.inputUsdPerMillion),
      output: String(row.outputUsdPerMillion),
      cacheWrite: row.cacheWriteUsdPerMillion === null ? "" : String(row.cacheWriteUsdPerMillion),
      cacheRead: row.cacheReadUsdPerMillion === null ? "" : String(row.cacheReadUsdPerMillion),
    });
  };

  return (
    <div className="mx-auto max-w-4xl p-6">
      {dialog}
      <h1 className="text-2xl font-semibold">Model prices</h1>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        US dollars per million tokens. A workspace price wins over the list price; a model with neither cannot run, so budgets
        always count what runs spend. Thinking and reasoning tokens are billed as output.
      </p>

      <form
        onSubmit={save}
        noValidate
        aria-label="Model price"
        className="mt-4 grid gap-2 rounded-md border border-zinc-200 p-4 sm:grid-cols-3 dark:border-zinc-800"
      >
        <label className="flex flex-col text-xs text-zinc-500 dark:text-zinc-400">
          Provider
          <select aria-label="Provider" value={draft.provider} onChange={field("provider")} className={box}>
            <option value="codex">Codex (OpenAI-compatible)</option>
            <option value="claude">Claude</option>
          </select>
        </label>
        <label className="flex flex-col text-xs text-zinc-500 dark:text-zinc-400 sm:col-span-2">
          Model
          <input
            aria-label="Model"
            placeholder="qwen2.5-coder:32b"
            value={draft.model}
            onChange={field("model")}
            className={box}
            {...invalid("model")}
          />
          {fieldError("model")}
        </label>
        {(
          [
            ["input", "Input"],
            ["output", "Output"],
            ["cacheWrite", "Cache write (blank: as input)"],
            ["cacheRead", "Cache read (blank: as input)"],
          ] as const
        ).map(([key, label]) => (
          <label key={key} className="flex flex-col text-xs text-zinc-500 dark:text-zinc-400">
            {label}
            <input
              aria-label={label}
              type="number"
              min={0}
              step="any"
              required={key === "input" || key === "output"}
              value={draft[key]}
              onChange={field(key)}
              className={box}
              {...invalid(key)}
            />
            {fieldError(key)}
          </label>
        ))}
        <div className="flex flex-col gap-1 self-end">
          <FormSummary message={form.errors.summary} />
          <button
            type="submit"
            {...canSet.control(form.pending)}
            className="rounded-md bg-lime-700 px-3 py-1.5 text-sm text-white disabled:opacity-50"
          >
            {form.pending ? "Saving…" : "Save price"}
          </button>
        </div>
      </form>
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}

      <h2 className="mt-6 text-lg font-semibold">This workspace&apos;s prices</h2>
      {overrides.length === 0 ? (
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">None: every run is priced at the list prices below.</p>
      ) : (
        <PriceTable
          label="Workspace prices"
          rows={overrides.map((row) => ({ ...row, key: String(row.id) }))}
          actions={(row) => (
            <>
              <button type="button" className="text-xs text-lime-700 dark:text-lime-400" onClick={() => edit(row)}>
                Edit
              </button>
              <button
                type="button"
                {...canRemove.control()}
                className="ml-3 text-xs text-red-700 dark:text-red-400"
                onClick={async () => {
                  if (
                    await confirm({
                      title: `Remove the workspace's price for ${row.model}?`,
                      description: "Runs are priced at the list price again, or cannot run if the model has none.",
                      confirmLabel: "Remove price",
                    })
                  )
                    void act(() => trpc.modelPrices.remove.mutate({ modelPriceId: Number(row.key) }), undefined, row.key);
                }}
              >
                Remove
              </button>
              <RowError message={rowError(row.key)} />
            </>
          )}
        />
      )}

      <h2 className="mt-6 text-lg font-semibold">List prices</h2>
      <PriceTable
        label="List prices"
        rows={catalog.map((row) => ({ ...row, model: row.id, key: row.id }))}
        actions={(row) => (
          <button type="button" className="text-xs text-lime-700 dark:text-lime-400" onClick={() => edit(row)}>
            Set our price
          </button>
        )}
      />
    </div>
  );
}

type PriceRow = {
  key: string;
  provider: Provider;
  model: string;
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
  cacheWriteUsdPerMillion: number | null;
  cacheReadUsdPerMillion: number | null;
};

function PriceTable({ label, rows, actions }: { label: string; rows: PriceRow[]; actions: (row: PriceRow) => React.ReactNode }) {
  return (
    <table aria-label={label} className="mt-2 w-full text-left text-sm">
      <thead className="text-xs text-zinc-500 dark:text-zinc-400">
        <tr>
          <th className="py-1">Provider</th>
          <th>Model</th>
          <th>Input</th>
          <th>Cache write</th>
          <th>Cache read</th>
          <th>Output</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-t border-zinc-200 dark:border-zinc-800">
            <td className="py-1">{row.provider}</td>
            <td>
              <code>{row.model}</code>
            </td>
            <td>{usd(row.inputUsdPerMillion)}</td>
            <td>{usd(row.cacheWriteUsdPerMillion)}</td>
            <td>{usd(row.cacheReadUsdPerMillion)}</td>
            <td>{usd(row.outputUsdPerMillion)}</td>
            <td className="text-right">{actions(row)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
