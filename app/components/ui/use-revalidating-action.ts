import { useRevalidator } from "@remix-run/react";
import { useCallback, useState } from "react";
import { errorMessage } from "~/trpc";

/** Where a failed action's message is shown: the page's own line, or beside the row (control) it came from. */
type Failure = { message: string; row: string | null };

/**
 * Runs a change from a settings-style page: clears the last error, awaits the
 * work, reloads the page's data on success, and keeps a readable error on failure.
 *
 * `act(work, label?, row?)` resolves to true when the work succeeded (false when it
 * failed; it never rejects). While a labelled action runs, `pending` holds its
 * label, so a button can show progress or the page can disable its controls.
 * An action from one row of a list (a toggle, a role, Sync) passes that row's key:
 * its refusal is then `rowError(row)`, said beside the row, and not the page's `error`.
 */
export function useRevalidatingAction() {
  const { revalidate } = useRevalidator();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const act = useCallback(
    async (work: () => Promise<unknown>, label?: string, row?: string): Promise<boolean> => {
      if (label !== undefined) setPending(label);
      setFailure(null);
      try {
        await work();
        revalidate();
        return true;
      } catch (cause) {
        setFailure({ message: errorMessage(cause), row: row ?? null });
        return false;
      } finally {
        if (label !== undefined) setPending((current) => (current === label ? null : current));
      }
    },
    [revalidate],
  );
  const setError = useCallback((message: string | null) => setFailure(message ? { message, row: null } : null), []);
  const error = failure && failure.row === null ? failure.message : null;
  const rowError = (row: string) => (failure?.row === row ? failure.message : null);
  return { act, error, rowError, setError, pending };
}
