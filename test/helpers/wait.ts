import net from "node:net";
import { getRun } from "../../server/services/agent-runs/get-run";

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

/** A TCP port nothing listens on right now. */
export function freePort() {
  return new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
