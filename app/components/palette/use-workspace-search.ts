import { useEffect, useState } from "react";
import { errorMessage, trpc } from "~/trpc";

export type WorkspaceResults = Awaited<ReturnType<typeof trpc.search.workspace.query>>;

/** How long typing must pause before the palette asks the server: one request per word, not per key. */
const DEBOUNCE_MS = 150;

/** `search.workspace` for what the user typed, debounced; a newer query's answer replaces an older one's. */
export function useWorkspaceSearch(query: string) {
  const text = query.trim();
  const [answer, setAnswer] = useState<{ query: string; results: WorkspaceResults | null; error: string | null } | null>(null);

  useEffect(() => {
    if (!text) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      trpc.search.workspace.query({ query: text.slice(0, 100) }).then(
        (results) => !cancelled && setAnswer({ query: text, results, error: null }),
        (error: unknown) => !cancelled && setAnswer({ query: text, results: null, error: errorMessage(error) }),
      );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text]);

  const current = text && answer?.query === text ? answer : null;
  return { results: current?.results ?? null, error: current?.error ?? null, searching: Boolean(text) && !current };
}
