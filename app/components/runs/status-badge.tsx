import { STATUS_STYLES } from "./format";

export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      data-testid="run-status"
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[status] ?? STATUS_STYLES.queued}`}
    >
      {status === "running" ? <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" aria-hidden /> : null}
      {status}
    </span>
  );
}
