import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request as a receiver got it: its headers and its raw body. */
export type ReceivedRequest = { headers: http.IncomingHttpHeaders; body: string };

/** What a receiver answers: by default JSON `{ ok, echo }` (echo: the request body parsed, or null). */
type Reply = (request: ReceivedRequest, status: number) => { contentType: string; body: string };

const echo: Reply = ({ body }, status) => ({
  contentType: "application/json",
  body: JSON.stringify({ ok: status < 300, echo: body ? JSON.parse(body) : null }),
});

/**
 * A local HTTP receiver (a webhook sink, a tool endpoint) recording every
 * request; answers with `statuses` in turn, the last one repeated.
 */
export async function startReceiver(options: { statuses?: number[]; reply?: Reply } = {}) {
  const statuses = options.statuses ?? [200];
  const reply = options.reply ?? echo;
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString() };
      received.push(request);
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      const answer = reply(request, status);
      res.writeHead(status, { "content-type": answer.contentType }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
