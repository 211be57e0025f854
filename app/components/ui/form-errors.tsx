import { TRPCClientError } from "@trpc/client";
import { errorMessage } from "~/trpc";

/** What a failed submit says: one message per field shown beside it, the rest in a summary above the buttons. */
export type FormErrors = { fields: Record<string, string>; summary: string | null };

export const NO_ERRORS: FormErrors = { fields: {}, summary: null };

/**
 * Splits a procedure's error into the form's fields. The server's zod issues
 * carry their path (`key`, `columns.1.wipLimit`); a path the form names goes
 * beside that field with the bare message, anything else joins the summary.
 */
export function formErrors(error: unknown, fieldOf: (path: string) => string | null = (path) => path || null): FormErrors {
  const issues =
    error instanceof TRPCClientError ? (error.data as { issues?: { path: string; message: string }[] } | null)?.issues : null;
  if (!issues?.length) return { fields: {}, summary: errorMessage(error) };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field && !fields[field]) fields[field] = issue.message;
    else if (!field) rest.push(issue.message);
  }
  return { fields, summary: rest.length ? rest.join(" ") : null };
}

/** The message beside a field; give the input `aria-describedby={id}` and `aria-invalid`. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="text-xs text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}

/** The errors that belong to no field. */
export function FormSummary({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}

/** A one-click action's refusal (a toggle, a role, Sync), said inside the row it came from. */
export function RowError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="mt-1 basis-full text-xs text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}
