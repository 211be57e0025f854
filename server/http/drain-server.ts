import type { Server, ServerResponse } from "node:http";

const isEventStream = (res: ServerResponse) => String(res.getHeader("content-type") ?? "").includes("text/event-stream");

/**
 * Follows a server's open responses so shutdown can drain it. Returns `drain(cutOff)`:
 * server-sent event streams are cut at once — the browser's EventSource then reconnects
 * (to another replica) and resumes from its last event id — while other requests in
 * flight finish. The listener stays open until those are done, so a load balancer
 * still polling /readyz reads the 503 rather than a refused connection. Whatever is
 * still open at `cutOff` is closed.
 */
export function drainableServer(server: Server) {
  const open = new Set<ServerResponse>();
  let draining = false;
  // Before Express's handler, so the header is set before any answer is written.
  server.prependListener("request", (_req, res: ServerResponse) => {
    open.add(res);
    res.once("close", () => open.delete(res));
    if (draining) res.setHeader("Connection", "close");
  });

  return function drain(cutOff: number) {
    draining = true;
    return new Promise<void>((resolve) => {
      let closing = false;
      const tick = () => {
        // Destroyed, not ended: tRPC aborts a subscription only when its response closes unfinished.
        for (const res of open) if (isEventStream(res)) res.destroy();
        const pastCutOff = Date.now() >= cutOff;
        if (!closing && (pastCutOff || [...open].every(isEventStream))) {
          closing = true;
          server.close(() => {
            clearInterval(timer);
            resolve();
          });
        }
        if (closing) server.closeIdleConnections();
        if (pastCutOff) server.closeAllConnections();
      };
      const timer = setInterval(tick, 100);
      tick();
    });
  };
}
