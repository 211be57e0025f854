// Watches: newline-delimited JSON events, replayed from a resourceVersion.
import type http from "node:http";
import { Cluster, type StoredEvent, type WatchEventType } from "./cluster";
import { badRequest, KubeError } from "./errors";
import { clone } from "./objects";
import type { Target } from "./routes";
import { filterFor, type ObjectFilter } from "./selectors";
import type { KubeObject } from "./types";

/**
 * A watch streams `{"type", "object"}` lines. Without a resourceVersion (or with "0") it starts
 * with an ADDED event per current object; with one, it replays the changes after it. An object
 * that starts or stops matching the selectors arrives as ADDED or DELETED, like the real server.
 */
export function handleWatch(cluster: Cluster, target: Target, query: URLSearchParams, res: http.ServerResponse): void {
  const matches = filterFor(target.namespace, query);
  const since = query.get("resourceVersion") ?? "";
  if (since !== "" && !/^\d+$/.test(since)) throw badRequest(`invalid resource version: ${since}`);
  res.writeHead(200, {
    "Content-Type": "application/json",
    "Cache-Control": "no-cache, private",
    "Transfer-Encoding": "chunked",
  });
  res.flushHeaders();
  const send = (type: string, object: KubeObject) => res.write(`${JSON.stringify({ type, object })}\n`);
  const deliver = (event: StoredEvent) => {
    if (event.rt !== target.rt) return;
    const type = watchEventType(event, matches);
    if (type) send(type, event.object);
  };

  if (since === "" || since === "0") {
    for (const object of cluster.list(target.rt, target.namespace).filter(matches)) send("ADDED", clone(object));
  } else {
    const missed = cluster.eventsAfter(Number(since));
    if (!missed) {
      send("ERROR", new KubeError(410, "Expired", `too old resource version: ${since} (${cluster.resourceVersion})`).toStatus());
      res.end();
      return;
    }
    missed.forEach(deliver);
  }

  const unsubscribe = cluster.subscribe({ rt: target.rt, deliver, end: () => res.end() });
  const timeoutSeconds = Number(query.get("timeoutSeconds") ?? 0);
  const timer = timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
  res.on("close", () => {
    unsubscribe();
    clearTimeout(timer);
  });
}

function watchEventType(event: StoredEvent, matches: ObjectFilter): WatchEventType | undefined {
  const now = matches(event.object);
  if (event.type !== "MODIFIED") return now ? event.type : undefined;
  const before = event.previous !== undefined && matches(event.previous);
  if (before && now) return "MODIFIED";
  if (now) return "ADDED";
  if (before) return "DELETED";
  return undefined;
}
