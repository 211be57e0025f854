import net from "node:net";
import { getRun } from "../../server/services/agent-runs/get-run";
import { listRunEvents } from "../../server/services/agent-runs/list-run-events";

/** Polls `probe` until it returns something truthy (returned), or fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

/** The run once it has ended (completed, failed or cancelled). */
export function runFinished(tenantId: number, runId: number, options: { timeoutMs?: number } = {}) {
  return waitFor(
    async () => {
      const run = await getRun({ tenantId, runId });
      return ["completed", "failed", "cancelled"].includes(run.status) && run;
    },
    `run ${runId} to finish`,
    options,
  );
}

/** A run's events from the first, oldest first (at most `limit`). */
export function runEvents(tenantId: number, runId: number, limit = 10_000) {
  return listRunEvents({ tenantId, runId, afterSeq: null, limit });
}

/** A TCP port nothing listens on right now. */
export function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
