import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

type Clock = {
  /** Milliseconds since the epoch, on the server's clock. */
  now: number;
  /** False on the server and in the first browser render, which must match the server's HTML. */
  hydrated: boolean;
};

const ClockContext = createContext<Clock | null>(null);

/**
 * One clock for every time and duration on the page. The first browser render
 * reads the server's time (the loader's `serverNow`), not the browser's, so it
 * renders what the server did and hydrates without a mismatch. Then it ticks
 * once a second, carried forward by the browser's clock but kept on the
 * server's: durations are measured from the server's timestamps, and a
 * browser clock minutes off would otherwise add those minutes to every run.
 */
export function ClockProvider({ serverNow, children }: { serverNow: number; children: ReactNode }) {
  // The offset is taken once, at hydration: a later loader run does not restart the clock.
  const [start] = useState(serverNow);
  const [clock, setClock] = useState<Clock>({ now: start, hydrated: false });
  useEffect(() => {
    const offset = start - Date.now();
    const tick = () => setClock({ now: Date.now() + offset, hydrated: true });
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [start]);
  return <ClockContext.Provider value={clock}>{children}</ClockContext.Provider>;
}

/** The page's clock; outside a provider (no app layout), the render's own time. */
export function useClock(): Clock {
  return useContext(ClockContext) ?? { now: Date.now(), hydrated: false };
}
