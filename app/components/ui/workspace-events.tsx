import { useRevalidator } from "@remix-run/react";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { WorkspaceEventKind } from "../../../db/schema";
import { trpc } from "~/trpc";

type WorkspaceEvent = { id: number; kind: WorkspaceEventKind; subjectId: number };
type Listener = (event: WorkspaceEvent) => void;

/** How many of the latest events a tab keeps, for a page that mounts after them (see `since`). */
const RECENT_EVENTS = 500;

const WorkspaceEvents = createContext<{ subscribe: (listener: Listener, since?: number) => () => void } | null>(null);

/**
 * One subscription per tab to the workspace's list changes, from the cursor the layout's
 * loader read (so nothing committed since the page rendered is missed; a reconnect resumes
 * with Last-Event-ID), shared by every live list on the page.
 */
export function WorkspaceEventsProvider({ after, children }: { after: number; children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const recent = useRef<WorkspaceEvent[]>([]);
  const [start] = useState(after);
  const [value] = useState(() => ({
    /**
     * Listens from now on; with `since` (the cursor a page's loader read before its data),
     * first hears what this tab received after that cursor — a change committed between the
     * page's read and its mount is not missed.
     */
    subscribe(listener: Listener, since?: number) {
      listeners.current.add(listener);
      if (since !== undefined) for (const event of recent.current) if (event.id > since) listener(event);
      return () => void listeners.current.delete(listener);
    },
  }));
  useEffect(() => {
    const subscription = trpc.workspace.events.subscribe(
      { lastEventId: String(start) },
      {
        onStarted: () => document.documentElement.setAttribute("data-workspace-live", "true"),
        onData: ({ data }) => {
          const event = data as WorkspaceEvent;
          recent.current.push(event);
          if (recent.current.length > RECENT_EVENTS) recent.current.shift();
          for (const listener of [...listeners.current]) listener(event);
        },
      },
    );
    return () => subscription.unsubscribe();
  }, [start]);
  return <WorkspaceEvents.Provider value={value}>{children}</WorkspaceEvents.Provider>;
}

/**
 * Calls `onChange` (at most once per `ms`, trailing) when something of these kinds changes —
 * with `since`, also for what changed after that cursor and before the page mounted.
 */
export function useWorkspaceChange(kinds: WorkspaceEventKind[], onChange: () => void, ms = 250, since?: number) {
  const events = useContext(WorkspaceEvents);
  const latest = useRef(onChange);
  latest.current = onChange;
  const key = kinds.join(",");
  useEffect(() => {
    if (!events) return;
    const wanted = new Set(key.split(","));
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = events.subscribe((event) => {
      if (!wanted.has(event.kind) || timer) return;
      timer = setTimeout(() => {
        timer = null;
        latest.current();
      }, ms);
    }, since);
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [events, key, ms, since]);
}

/**
 * Reloads the page's data when something of these kinds changes: a Remix page's list stays live.
 * `since`: the workspace event id its loader read before its data (`lastWorkspaceEventId`).
 */
export function useRevalidateOnWorkspaceChange(kinds: WorkspaceEventKind[], since?: number) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useWorkspaceChange(kinds, () => latest.current.revalidate(), 250, since);
}
