import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SseSubscriber, type BenchRow } from "./sse-subscriber";

/** A tRPC-shaped SSE message: `data:` then `id:`, then the producer's two newlines. */
const frame = (fields: { event?: string; data?: string; id?: string }) =>
  (fields.event !== undefined ? `event: ${fields.event}\n` : "") +
  (fields.data !== undefined ? `data: ${fields.data}\n` : "") +
  (fields.id !== undefined ? `id: ${fields.id}\n` : "") +
  "\n\n";
const batch = (seqs: number[]) => frame({ data: JSON.stringify({ json: seqs.map((seq) => ({ seq, payload: { sentAt: seq, note: "é✓" } })) }), id: String(seqs.at(-1)) });

const servers: http.Server[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc/agentRuns.events`;
}

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
      onRows: (rows: BenchRow[]) => seqs.push(...rows.map((row) => row.seq)),
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
