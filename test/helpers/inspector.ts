import { readFileSync } from "node:fs";
import { WebSocket } from "undici";
import { waitFor } from "./wait";

/**
 * The V8 inspector of a node process started with `--inspect=127.0.0.1:0`,
 * found from the "Debugger listening on ws://…" line it prints: lets a test
 * force a full garbage collection in that process, as `global.gc()` would,
 * without the product exposing anything.
 */
export async function connectInspector(output: () => string) {
  const url = await waitFor(async () => /Debugger listening on (ws:\/\/\S+)/.exec(output())?.[1], "the inspector's address");
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`cannot reach the inspector at ${url}`)), { once: true });
  });
  let nextId = 1;
  const pending = new Map<number, () => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number };
    if (message.id !== undefined) pending.get(message.id)?.();
  });
  const call = (method: string) =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method }));
    });
  return {
    /** A full, blocking collection in the inspected process. */
    collectGarbage: () => call("HeapProfiler.collectGarbage"),
    close: () => socket.close(),
  };
}

/** The resident set size of a process, in MiB, from /proc. */
export function rssMiB(pid: number) {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line[1]) / 1024;
}
