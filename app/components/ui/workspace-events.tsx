import { useRevalidator } from "@remix-run/react";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { WorkspaceEventKind } from "../../../db/schema";
import { trpc } from "~/trpc";

type WorkspaceEvent = { id: number; kind: WorkspaceEventKind; subjectId: number };
type Listener = (event: WorkspaceEvent) => void;

const WorkspaceEvents = createContext<{ subscribe: (listener: Listener) => () => void } | null>(null);

/**
 * One subscription per tab to the workspace's list changes, from the cursor the layout's
 * loader read (so nothing committed since the page rendered is missed; a reconnect resumes
 * with Last-Event-ID), shared by every live list on the page.
 */
export function WorkspaceEventsProvider({ after, children }: { after: number; children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [start] = useState(after);
  const [value] = useState(() => ({
    subscribe(listener: Listener) {
      listeners.current.add(listener);
      return () => void listeners.current.delete(listener);
    },
  }));
  useEffect(() => {
    const subscription = trpc.workspace.events.subscribe(
      { lastEventId: String(start) },
      {
        onStarted: () => document.documentElement.setAttribute("data-workspace-live", "true"),
        onData: ({ data }) => {
          for (const listener of [...listeners.current]) listener(data as WorkspaceEvent);
        },
      },
    );
    return () => subscription.unsubscribe();
  }, [start]);
  return <WorkspaceEvents.Provider value={value}>{children}</WorkspaceEvents.Provider>;
}

/** Calls `onChange` (at most once per `ms`, trailing) when something of these kinds changes. */
export function useWorkspaceChange(kinds: WorkspaceEventKind[], onChange: () => void, ms = 250) {
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
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [events, key, ms]);
}

/** Reloads the page's data when something of these kinds changes: a Remix page's list stays live. */
export function useRevalidateOnWorkspaceChange(kinds: WorkspaceEventKind[]) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useWorkspaceChange(kinds, () => latest.current.revalidate());
}
