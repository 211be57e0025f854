import { useClock } from "./clock";

/**
 * Until the page has hydrated, times are written in UTC and American English:
 * the server does not know the viewer's zone or locale, and the first browser
 * render must say what the server said. Then the viewer's own.
 */
function formatDateTime(date: Date, { hydrated, dateOnly }: { hydrated: boolean; dateOnly?: boolean }) {
  return date.toLocaleString(hydrated ? undefined : "en-US", {
    timeZone: hydrated ? undefined : "UTC",
    year: "numeric",
    month: "short",
    day: "numeric",
    ...(dateOnly ? {} : { hour: "2-digit", minute: "2-digit", timeZoneName: "short" }),
  });
}

/** A point in time, rendered the same on the server and in the first browser render. */
export function DateTime({ value, dateOnly }: { value: string | Date; dateOnly?: boolean }) {
  const { hydrated } = useClock();
  const date = new Date(value);
  return <time dateTime={date.toISOString()}>{formatDateTime(date, { hydrated, dateOnly })}</time>;
}

export function formatDuration(ms: number) {
  if (ms < 1000) return `${Math.max(0, ms)} ms`;
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** From `from` to `to`; without `to` (still going) up to the page's clock, ticking once a second. */
export function Duration({ from, to }: { from: string | Date | null; to: string | Date | null }) {
  const { now } = useClock();
  if (!from) return <>—</>;
  const end = to ? new Date(to).getTime() : now;
  return <>{formatDuration(end - new Date(from).getTime())}</>;
}
