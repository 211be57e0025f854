import { useRevalidator } from "@remix-run/react";
import { useCallback, useState } from "react";
import { errorMessage } from "~/trpc";

/**
 * Runs a change from a settings-style page: clears the last error, awaits the
 * work, reloads the page's data on success, and keeps a readable error on failure.
 */
export function useRevalidatingAction() {
  const revalidator = useRevalidator();
  const [error, setError] = useState<string | null>(null);
  const act = useCallback(
    async (work: () => Promise<unknown>) => {
      setError(null);
      try {
        await work();
        revalidator.revalidate();
      } catch (cause) {
        setError(errorMessage(cause));
      }
    },
    [revalidator],
  );
  return { act, error, setError };
}
