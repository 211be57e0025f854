import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import type { QueueReason } from "../../../server/services/agent-runs/explain-queued-run";

export type { QueueReason };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One sentence on why a queued run waits. */
export function describe(reason: QueueReason) {
  const ahead = "ahead" in reason && reason.ahead > 0 ? ` ${plural(reason.ahead, "queued run")} ahead of it.` : "";
  switch (reason.kind) {
    case "previous-step":
      return `Waiting for the step before it, run #${reason.previousRunId}, to finish.`;
    case "worker-slots":
      return `Waiting for a free worker slot: ${reason.running} running of ${reason.slots}.${ahead}`;
    case "dispatch":
      return `Waiting for a worker to pick it up${reason.cluster ? ` and start it on cluster ${reason.cluster}` : ""}.${ahead}`;
  }
}

/** Why a queued run waits; the page reloads it every few seconds, since slots free up without the run changing. */
export function QueueReasonLine({ reason, queued }: { reason: QueueReason | null | undefined; queued: boolean }) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!queued) return;
    const timer = setInterval(() => state === "idle" && revalidate(), 5_000);
    return () => clearInterval(timer);
  }, [queued, revalidate, state]);
  if (!queued || !reason) return null;
  return (
    <p role="status" data-testid="queue-reason" className="text-sm text-zinc-600 dark:text-zinc-400">
      {describe(reason)}
    </p>
  );
}
