import { useEffect, useReducer, useState } from "react";
import { errorMessage, trpc } from "~/trpc";
import { applyRunEvents, emptyTranscript, type RunEvent, type Transcript } from "./transcript";

type Connection = "connecting" | "live" | "ended" | "error";

/**
 * A run's transcript, replayed and then live over the events subscription. A
 * dropped connection resumes after the last event received (tracked ids), and
 * the reducer drops anything it has already seen.
 */
export function useRunTranscript(runId: number) {
  const [transcript, dispatch] = useReducer(
    (state: Transcript, action: { reset: true } | { events: RunEvent[] }) =>
      "reset" in action ? emptyTranscript : applyRunEvents(state, action.events),
    emptyTranscript,
  );
  const [connection, setConnection] = useState<Connection>("connecting");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    dispatch({ reset: true });
    setConnection("connecting");
    setError(null);
    // Events are batched into one render per animation frame: fast streams stay smooth.
    let queue: RunEvent[] = [];
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      const events = queue;
      queue = [];
      dispatch({ events });
    };
    const subscription = trpc.agentRuns.events.subscribe(
      { runId },
      {
        onStarted: () => setConnection("live"),
        onData: (message) => {
          queue.push(...(message.data as RunEvent[]));
          frame ??= requestAnimationFrame(flush);
        },
        onConnectionStateChange: (state) => {
          if (state.state === "connecting") setConnection("connecting");
          else if (state.state === "pending") setConnection("live");
        },
        onComplete: () => setConnection("ended"),
        onError: (cause) => {
          setConnection("error");
          setError(errorMessage(cause));
        },
      },
    );
    return () => {
      subscription.unsubscribe();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [runId]);

  return { transcript, connection, error };
}
