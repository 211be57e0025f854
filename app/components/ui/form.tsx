import { useRevalidator } from "@remix-run/react";
import { useCallback, useId, useState } from "react";
import { FieldError, formErrors, FormSummary, NO_ERRORS, RowError, type FormErrors } from "./form-errors";

export { FieldError, FormSummary, RowError };

/**
 * One way for a form to fail: submit awaits the work; a refusal is split into
 * messages beside the fields it names and a summary for the rest; the values
 * stay as typed (the form's own state is untouched). Give each input
 * `{...form.field("name")}` and put `<FieldError {...form.error("name")} />`
 * beside it; `<FormSummary message={form.errors.summary} />` above the buttons.
 */
export function useForm(options: { fieldOf?: (path: string) => string | null; revalidate?: boolean } = {}) {
  const { revalidate } = useRevalidator();
  const prefix = useId();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [pending, setPending] = useState(false);
  const { fieldOf, revalidate: reload = true } = options;

  const submit = useCallback(
    async (work: () => Promise<unknown>): Promise<boolean> => {
      setErrors(NO_ERRORS);
      setPending(true);
      try {
        await work();
        if (reload) revalidate();
        return true;
      } catch (error) {
        setErrors(error instanceof FieldProblems ? error.errors : formErrors(error, fieldOf));
        return false;
      } finally {
        setPending(false);
      }
    },
    [fieldOf, reload, revalidate],
  );

  const errorId = (name: string) => `${prefix}-${name.replace(/\W/g, "-")}-error`;
  return {
    errors,
    pending,
    submit,
    setErrors,
    clear: () => setErrors(NO_ERRORS),
    /** The accessibility attributes of the input for `name`. */
    field: (name: string) => ({
      "aria-invalid": errors.fields[name] ? (true as const) : undefined,
      "aria-describedby": errors.fields[name] ? errorId(name) : undefined,
    }),
    /** Props for the `FieldError` beside the input for `name`. */
    error: (name: string) => ({ id: errorId(name), message: errors.fields[name] }),
  };
}

/** Thrown inside `submit`'s work when the browser already knows what is wrong (an unparsable JSON field). */
export class FieldProblems extends Error {
  constructor(readonly errors: FormErrors) {
    super(errors.summary ?? Object.values(errors.fields).join(" "));
  }
}

/** Refuses a form before it reaches the server: one message for one field. */
export function fieldProblem(field: string, message: string): FieldProblems {
  return new FieldProblems({ fields: { [field]: message }, summary: null });
}

/**
 * Parses a JSON field, or says where and what to fix in words ("Input schema,
 * line 1 column 3: expected a property name in double quotes…") instead of the
 * engine's "Expected property name or '}' in JSON at position 2".
 */
export function parseJsonField(text: string, field: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const raw = error instanceof Error ? error.message : "";
    const position = Number(/position (\d+)/.exec(raw)?.[1] ?? text.length);
    const before = text.slice(0, position).split("\n");
    const where = `line ${before.length}, column ${before.at(-1)!.length + 1}`;
    throw fieldProblem(field, `${label} is not valid JSON (${where}): ${jsonProblem(raw, text)}.`);
  }
}

function jsonProblem(raw: string, text: string) {
  if (!text.trim()) return "it is empty; write an object such as { }";
  if (/property name/i.test(raw))
    return "expected a property name in double quotes — check for a trailing comma or an unquoted name";
  if (/end of (JSON|data)|Unterminated|unexpected end/i.test(raw))
    return "it ends too early — check for a missing closing }, ] or quote";
  if (/Expected ',' or '[}\]]'/i.test(raw)) return "expected a comma between items, or a closing } or ]";
  if (/Bad control character/i.test(raw)) return "a string contains a line break; write it as \\n";
  const token = /Unexpected token '?(.)'?/.exec(raw)?.[1];
  if (token) return `unexpected “${token}” — names and strings need double quotes`;
  return "check the quotes, commas and brackets";
}

/** The shared look of a field's input; red when it is invalid. */
export const inputClass =
  "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:aria-[invalid=true]:border-red-400";
