import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { initTRPC, tracked, TRPCError } from "@trpc/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express from "express";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { sharedEventStreams } from "./shared-event-streams";

/** superjson, counting how often a value is serialised. */
let serialisations = 0;
const countingTransformer = {
  input: superjson,
  output: {
    serialize: (value: unknown) => {
      serialisations++;
      return superjson.serialize(value);
    },
    deserialize: superjson.deserialize.bind(superjson),
  },
};

const t = initTRPC.context<{ user: string | null }>().create({
  isDev: false,
  transformer: countingTransformer,
  sse: { ping: { enabled: true, intervalMs: 60_000 }, client: { reconnectAfterInactivityMs: 90_000 } },
});
const shared = { rows: [{ n: 1, at: new Date("2026-12-01T10:00:00Z") }, { n: 2, note: "ünïcødé ✓" }] };
const signedIn = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  return next();
});
const router = t.router({
  feed: {
    numbers: signedIn.input(z.object({ from: z.number().int(), lastEventId: z.string().nullish() })).subscription(async function* ({ input }) {
      const after = Number(input.lastEventId ?? input.from);
      if (after < 1) yield tracked("1", shared);
      if (after < 2) yield tracked("2", { rows: [{ n: 3 }] });
      yield { untracked: true };
      yield tracked("3", { rows: [] });
    }),
    fails: signedIn.subscription(async function* () {
      yield tracked("1", { ok: true });
      throw new TRPCError({ code: "CONFLICT", message: "It broke midway." });
    }),
    /** The same object to everyone, as a topic feed hands one batch to all subscribers at a cursor. */
    sameBatch: signedIn.subscription(async function* () {
      yield tracked("7", shared);
    }),
  },
  plain: t.procedure.query(() => "a query"),
});

const createContext = async (req: { headers: Record<string, string | string[] | undefined> }) => ({
  user: req.headers.authorization ? "someone" : null,
});

let ours: Server;
let theirs: Server;
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;

beforeAll(async () => {
  const withShared = express();
  withShared.use("/api/trpc", sharedEventStreams({ router, createContext }));
  withShared.use("/api/trpc", createExpressMiddleware({ router, createContext: ({ req }) => createContext(req) }));
  const trpcOnly = express();
  trpcOnly.use("/api/trpc", createExpressMiddleware({ router, createContext: ({ req }) => createContext(req) }));
  ours = withShared.listen(0, "127.0.0.1");
  theirs = trpcOnly.listen(0, "127.0.0.1");
  await Promise.all([ours, theirs].map((server) => new Promise((resolve) => server.once("listening", resolve))));
});
afterAll(() => {
  ours.close();
  theirs.close();
});

async function read(base: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/${path}`, { headers: { accept: "text/event-stream", ...headers } });
  return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
}

const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(superjson.serialize(value)))}`;
const auth = { authorization: "Bearer x" };

describe("shared event streams", () => {
  it.each([
    ["a stream of tracked and untracked events to its end", `feed.numbers?${input({ from: 0 })}`, auth],
    ["a resume from the Last-Event-ID header", `feed.numbers?${input({ from: 0 })}`, { ...auth, "last-event-id": "1" }],
    ["a resume from the lastEventId query parameter", `feed.numbers?${input({ from: 0 })}&lastEventId=2`, auth],
    ["an error in the middle of a stream", "feed.fails", auth],
    ["a middleware's refusal before the stream", `feed.numbers?${input({ from: 0 })}`, {}],
    ["an input its parser refuses", `feed.numbers?${input({ from: "zero" })}`, auth],
    ["an input that is not JSON", "feed.numbers?input=%7Bnot-json", auth],
    ["a procedure that does not exist", "feed.nothing", auth],
    ["a query", "plain", auth],
  ])("answers %s byte for byte as tRPC does", async (_name, path, headers) => {
    const [mine, reference] = await Promise.all([read(urlOf(ours), path, headers), read(urlOf(theirs), path, headers)]);
    expect(mine).toEqual(reference);
    expect(reference.body.length).toBeGreaterThan(0);
  });

  it("encodes a batch once however many streams send it; tRPC's producer encodes it once per stream", async () => {
    const subscribers = 25;
    const readAll = (base: string) => Promise.all(Array.from({ length: subscribers }, () => read(base, "feed.sameBatch", auth)));

    serialisations = 0;
    const mine = await readAll(urlOf(ours));
    const oursCount = serialisations;
    serialisations = 0;
    const reference = await readAll(urlOf(theirs));
    const theirsCount = serialisations;

    expect(new Set(mine.map((answer) => answer.body))).toEqual(new Set([reference[0]!.body]));
    expect(mine[0]!.body).toContain("id: 7");
    expect(theirsCount).toBe(subscribers);
    expect(oursCount).toBe(1);
  });

  it("pings a quiet stream as tRPC does, so the client's inactivity timer holds", async () => {
    const quiet = initTRPC.create({ isDev: false, sse: { ping: { enabled: true, intervalMs: 100 } } });
    const quietRouter = quiet.router({
      slow: quiet.procedure.subscription(async function* () {
        await new Promise((resolve) => setTimeout(resolve, 450));
        yield tracked("1", { done: true });
      }),
    });
    const app = express();
    app.use("/api/trpc", sharedEventStreams({ router: quietRouter, createContext: async () => ({}) }));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const { body } = await read(urlOf(server), "slow");
      const pings = body.split("event: ping\ndata: \n\n\n").length - 1;
      expect(pings).toBeGreaterThanOrEqual(3);
      expect(body.endsWith('data: {"done":true}\nid: 1\n\n\nevent: return\ndata: \n\n\n')).toBe(true);
    } finally {
      server.close();
    }
  });
});
