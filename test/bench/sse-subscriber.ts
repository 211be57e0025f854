import http from "node:http";
import { performance } from "node:perf_hooks";

/**
 * Calls `onRow(seq, sentAt)` for each row of a batch message's data — superjson of the
 * run's event rows, `{"json":[{"seq":…,"type":…,"payload":{…,"sentAt":…},…},…],"meta":…}` —
 * by scanning for the two fields instead of `JSON.parse`-ing the whole batch (with its
 * superjson meta): a fan-out of 100 subscribers × 1,000 ev/s parses 100,000 rows a
 * second in one thread. It relies on what the bench writes: each row's payload holds
 * `sentAt` and no `seq`, and the meta (`"0.createdAt":["Date"]`…) neither. Throws on
 * anything else.
 */
export function scanBenchRows(data: string, onRow: (seq: number, sentAt: number) => void) {
  if (!data.startsWith('{"json":[')) throw new Error(`not a batch of rows: ${data.slice(0, 80)}`);
  for (let at = data.indexOf('"seq":'); at !== -1; ) {
    const seqEnd = data.indexOf(",", at + 6);
    const sentAtAt = data.indexOf('"sentAt":', seqEnd);
    let sentAtEnd = sentAtAt + 9;
    for (let char = data.charCodeAt(sentAtEnd); (char >= 48 && char <= 57) || char === 46 || char === 101 || char === 43 || char === 45; ) {
      char = data.charCodeAt(++sentAtEnd);
    }
    const seq = Number(data.slice(at + 6, seqEnd));
    const sentAt = Number(data.slice(sentAtAt + 9, sentAtEnd));
    if (seqEnd === -1 || sentAtAt === -1 || !Number.isInteger(seq) || !Number.isFinite(sentAt))
      throw new Error(`a row without seq or sentAt: ${data.slice(at, at + 120)}`);
    onRow(seq, sentAt);
    at = data.indexOf('"seq":', sentAtEnd);
  }
}

/** The URL of `agentRuns.events` for a run, as `httpSubscriptionLink` with superjson builds it. */
export function subscriptionUrl(baseUrl: string, runId: number) {
  return `${baseUrl}/api/trpc/agentRuns.events?input=${encodeURIComponent(JSON.stringify({ json: { runId } }))}`;
}

const RECONNECT_MS = 100;

/**
 * One real HTTP SSE client of a tRPC subscription, as cheap as the bench can make
 * it: one `http.request`, the body decoded as UTF-8 and cut into messages at each
 * blank line; of every message only `event:`, `data:` and `id:` are read, and a
 * data message's payload is handed on as it is (see `scanBenchRows`). It keeps the last event id as EventSource does (any
 * message's `id:` field, `restore-id` included) and, when the stream drops or
 * ends without `return`, reconnects with `Last-Event-ID`, so the server resumes
 * after the last row received — the resume the trackers' loss and duplicate
 * accounting checks.
 */
export class SseSubscriber {
  private lastEventId: string | null = null;
  private request: http.ClientRequest | undefined;
  private closed = false;
  private ended = false;

  constructor(
    private readonly options: {
      agent: http.Agent;
      url: string;
      cookie: string;
      /** A data message's data (superjson of a batch of rows), with the time its bytes arrived. */
      onData: (data: string, receivedAt: number) => void;
      /** A dropped or refused stream (it is then resumed), or a `serialized-error` message. */
      onError: (reason: string) => void;
    },
  ) {}

  connect() {
    if (this.closed) return;
    const headers: http.OutgoingHttpHeaders = { accept: "text/event-stream", cookie: this.options.cookie };
    if (this.lastEventId) headers["last-event-id"] = this.lastEventId;
    let failed = false;
    const fail = (reason: string) => {
      if (failed || this.closed || this.ended) return;
      failed = true;
      this.options.onError(reason);
      setTimeout(() => this.connect(), RECONNECT_MS);
    };
    const request = http.get(this.options.url, { agent: this.options.agent, headers }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        fail(`status ${response.statusCode}`);
        return;
      }
      response.setEncoding("utf8");
      let buffer = "";
      response.on("data", (chunk: string) => {
        const receivedAt = performance.timeOrigin + performance.now();
        buffer += chunk;
        let from = 0;
        for (let end = buffer.indexOf("\n\n", from); end !== -1; end = buffer.indexOf("\n\n", from)) {
          this.message(buffer, from, end, receivedAt);
          from = end + 2;
        }
        if (from > 0) buffer = buffer.slice(from);
      });
      response.on("end", () => fail("stream ended"));
      response.on("error", () => fail("response error"));
    });
    request.on("error", () => fail("request error"));
    this.request = request;
  }

  close() {
    this.closed = true;
    this.request?.destroy();
  }

  /** One message: the lines of `text` from `from` to `end` (tRPC ends each with an extra blank line: skipped). */
  private message(text: string, from: number, end: number, receivedAt: number) {
    let event = "message";
    let data: string | undefined;
    for (let line = from; line < end; ) {
      let next = text.indexOf("\n", line);
      if (next === -1 || next > end) next = end;
      if (text.startsWith("data: ", line)) data = text.slice(line + 6, next);
      else if (text.startsWith("id: ", line)) this.lastEventId = text.slice(line + 4, next);
      else if (text.startsWith("event: ", line)) event = text.slice(line + 7, next);
      line = next + 1;
    }
    if (event === "message") {
      if (data) this.options.onData(data, receivedAt);
    } else if (event === "return") {
      this.ended = true; // the stream completed: EventSource-based clients close, so no reconnect
    } else if (event === "serialized-error") {
      this.options.onError(`serialized-error ${data ?? ""}`);
    }
    // `connected`, `ping` and `restore-id` carry nothing the bench needs (beyond the id, kept above).
  }
}
