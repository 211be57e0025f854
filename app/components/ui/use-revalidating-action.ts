import { useRevalidator } from "@remix-run/react";
import { useCallback, useState } from "react";
import { errorMessage } from "~/trpc";

/**
 * Runs a change from a settings-style page: clears the last error, awaits the
 * work, reloads the page's data on success, and keeps a readable error on failure.
 *
 * `act(work, label?)` resolves to true when the work succeeded (false when it
 * failed; it never rejects). While a labelled action runs, `pending` holds its
 * label, so a button can show progress or the page can disable its controls.
 */
export function useRevalidatingAction() {
  const { revalidate } = useRevalidator();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const act = useCallback(
    async (work: () => Promise<unknown>, label?: string): Promise<boolean> => {
      if (label !== undefined) setPending(label);
      setError(null);
      try {
        await work();
        revalidate();
        return true;
      } catch (cause) {
        setError(errorMessage(cause));
        return false;
      } finally {
        if (label !== undefined) setPending((current) => (current === label ? null : current));
      }
    },
    [revalidate],
  );
  return { act, error, setError, pending };
}
