import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import superjson from "superjson";
import { scanBenchRows, SseSubscriber } from "./sse-subscriber";

/** A tRPC-shaped SSE message: `data:` then `id:`, then the producer's two newlines. */
const frame = (fields: { event?: string; data?: string; id?: string }) =>
  (fields.event !== undefined ? `event: ${fields.event}\n` : "") +
  (fields.data !== undefined ? `data: ${fields.data}\n` : "") +
  (fields.id !== undefined ? `id: ${fields.id}\n` : "") +
  "\n\n";
/** A batch as the server sends it: superjson of run event rows (a Date in each). */
const batch = (seqs: number[]) =>
  frame({
    data: JSON.stringify(
      superjson.serialize(seqs.map((seq) => ({ seq, type: "bench", payload: { index: seq, sentAt: 1.5 + seq, note: "é✓" }, createdAt: new Date() }))),
    ),
    id: String(seqs.at(-1)),
  });

const servers: http.Server[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc/agentRuns.events`;
}

describe("scanBenchRows", () => {
  it("reads each row's seq and sentAt as JSON.parse would, and refuses anything else", () => {
    const rows = [
      { seq: 7, type: "bench", payload: { index: 3, sentAt: 1764814000123.456 }, createdAt: new Date() },
      { seq: 8, type: "bench", payload: { sentAt: 1e12, warmup: true }, createdAt: new Date() },
    ];
    const found: [number, number][] = [];
    scanBenchRows(JSON.stringify(superjson.serialize(rows)), (seq, sentAt) => found.push([seq, sentAt]));
    expect(found).toEqual(rows.map((row) => [row.seq, row.payload.sentAt]));
    expect(() => scanBenchRows('{"json":[{"seq":1,"type":"bench","payload":{}}]}', () => {})).toThrow(/without seq or sentAt/);
    expect(() => scanBenchRows('{"error":1}', () => {})).toThrow(/not a batch/);
  });
});

describe("SseSubscriber", () => {
  it("reads messages cut anywhere (even inside a UTF-8 character) and resumes after a drop with Last-Event-ID", async () => {
    const lastEventIds: (string | undefined)[] = [];
    const url = await serve((req, res) => {
      lastEventIds.push(req.headers["last-event-id"] as string | undefined);
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (lastEventIds.length === 1) {
        const bytes = Buffer.from(frame({ event: "connected", data: "{}" }) + batch([1, 2]) + frame({ event: "ping", data: "" }) + batch([3]));
        // One byte per write: every split point, including inside "é✓".
        let at = 0;
        const next = () => {
          if (at === bytes.length) return res.destroy(); // dropped, no `return`
          res.write(bytes.subarray(at, ++at), next);
        };
        next();
      } else {
        res.end(frame({ event: "connected", data: "{}" }) + batch([4, 5]) + frame({ event: "return", data: "" }));
      }
    });
    const seqs: number[] = [];
    const errors: string[] = [];
    const agent = new http.Agent({ keepAlive: false });
    const subscriber = new SseSubscriber({
      agent,
      url,
      cookie: "session=x",
      onData: (data) => scanBenchRows(data, (seq) => seqs.push(seq)),
      onError: (reason) => errors.push(reason),
    });
    subscriber.connect();
    await expect.poll(() => seqs, { timeout: 5_000 }).toEqual([1, 2, 3, 4, 5]);
    // Ended by `return`: no further reconnect.
    await new Promise((resolve) => setTimeout(resolve, 300));
    subscriber.close();
    agent.destroy();
    expect(lastEventIds).toEqual([undefined, "3"]);
    expect(errors).toHaveLength(1);
  });
});
