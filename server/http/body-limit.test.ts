import http from "node:http";
import { brotliCompressSync, createGzip, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject, buildTenant } from "../../db/seed";
import { sessionCookieFor, startTestServer } from "../../test/helpers/http";
import { loadRemixBuild, remixHandlerFor } from "../../test/helpers/remix-build";
import { getEnv } from "../env.server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
let projectId: number;
const limit = getEnv().BODY_LIMIT_BYTES;

beforeAll(async () => {
  server = await startTestServer({ remixHandler: remixHandlerFor(await loadRemixBuild()) });
  const { tenant, admin } = await buildTenant({ name: "Body limits" });
  cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
  projectId = (await buildProject({ tenantId: tenant.id, userId: admin.id })).project.id;
});

afterAll(async () => {
  await server?.close();
});

/**
 * POSTs `bytes` bytes in 64 KB chunks with `Transfer-Encoding: chunked` (no
 * Content-Length) and answers the status, however early the server answers.
 */
function postChunked(path: string, bytes: number, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(`${server.url}${path}`, { method: "POST", headers: { origin: server.url, ...headers } });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body: Buffer.concat(chunks).toString() }));
    });
    request.on("error", (error) => (request.writableEnded ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    const write = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!request.write(chunk)) return request.once("drain", write);
      }
      request.end();
    };
    write();
  });
}

function postBody(path: string, body: Buffer, headers: Record<string, string>) {
  return postForAnswer(path, body, headers).then((answer) => answer.status);
}

function postForAnswer(path: string, body: Buffer, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(`${server.url}${path}`, { method: "POST", headers: { origin: server.url, ...headers } });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body: Buffer.concat(chunks).toString() }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** `megabytes` MB of zeros gzipped a megabyte at a time, so the test itself never holds them. */
async function gzipBomb(megabytes: number) {
  const gzip = createGzip({ level: 9 });
  const compressed: Buffer[] = [];
  gzip.on("data", (chunk: Buffer) => compressed.push(chunk));
  const done = new Promise((resolve) => gzip.on("end", resolve));
  const zeros = Buffer.alloc(1024 * 1024, 0);
  for (let written = 0; written < megabytes; written++)
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once("drain", resolve));
  gzip.end();
  await done;
  return Buffer.concat(compressed);
}

const ENCODERS = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };
const encodedPaths = ["/logout", "/api/trpc/tickets.create", "/api/images"];

describe("body limits", () => {
  it("cut a chunked Remix form post at the limit with 413", async () => {
    for (const bytes of [8 * 1024 * 1024, limit + 64 * 1024])
      expect(await postChunked("/login", bytes, { "content-type": "application/x-www-form-urlencoded" })).toEqual({
        status: 413,
        body: "Request body too large.",
      });
  });

  it("hand a chunked Remix post under the limit to its action", async () => {
    // /logout's action ends the session (none here) and redirects to /login.
    const response = await postChunked("/logout", 64 * 1024, { "content-type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(302);
  });

  it("decode a gzip, deflate or br tRPC body and hand it to the procedure", async () => {
    for (const [encoding, encode] of Object.entries(ENCODERS)) {
      const body = encode(Buffer.from(JSON.stringify({ json: { projectId, title: `Sent as ${encoding}` } })));
      const headers = { "content-encoding": encoding, "content-type": "application/json", cookie };
      const answer = await postForAnswer("/api/trpc/tickets.create", body, headers);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ result: { data: { json: { title: `Sent as ${encoding}` } } } });
    }
  });

  it("decode a gzip Remix form post and hand it to its action", async () => {
    const body = gzipSync(Buffer.from("intent=logout"));
    const headers = { "content-encoding": "gzip", "content-type": "application/x-www-form-urlencoded" };
    expect(await postBody("/logout", body, headers)).toBe(302);
  });

  it("cut a gzip bomb at the limit counted after decoding, with 413 and without holding it in memory", async () => {
    const bomb = await gzipBomb(100);
    expect(bomb.length).toBeLessThan(limit);
    const before = process.memoryUsage().rss;
    for (const path of encodedPaths) {
      const headers = { "content-encoding": "gzip", "content-type": "application/json", cookie };
      expect(await postBody(path, bomb, headers)).toBe(413);
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it("refuse malformed compressed data with 400", async () => {
    const garbage = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(4096, 0xa5)]);
    for (const path of encodedPaths) {
      const headers = { "content-type": "application/json", cookie };
      expect(await postBody(path, garbage, { ...headers, "content-encoding": "gzip" })).toBe(400);
      expect(await postBody(path, garbage, { ...headers, "content-encoding": "br" })).toBe(400);
      const truncated = gzipSync(Buffer.from(JSON.stringify({ json: { projectId, title: "cut" } }))).subarray(0, 20);
      expect(await postBody(path, truncated, { ...headers, "content-encoding": "gzip" })).toBe(400);
    }
  });

  it("refuse an encoding nothing decodes with 415", async () => {
    for (const path of encodedPaths) {
      const answer = await postForAnswer(path, Buffer.from("(zstd frame)"), {
        "content-encoding": "zstd",
        "content-type": "application/json",
        cookie,
      });
      expect(answer).toEqual({ status: 415, body: "Unsupported Content-Encoding: zstd." });
    }
  });

  it("refuse any encoding on a webhook delivery with 415: its signature is over the bytes as sent", async () => {
    const body = gzipSync(Buffer.from("{}"));
    expect(await postBody("/webhooks/github/1", body, { "content-encoding": "gzip", "content-type": "application/json" })).toBe(
      415,
    );
  });

  it("cut a chunked tRPC body at the limit with 413", async () => {
    // Signed in: tRPC reads the body only once the caller may call the procedure.
    const headers = { "content-type": "application/json", cookie };
    expect((await postChunked("/api/trpc/tickets.create", limit + 64 * 1024, headers)).status).toBe(413);
  });

  it("cut chunked uploads at their own larger limit, and gzip ones counted after inflating", async () => {
    expect((await postChunked("/api/images", 6 * 1024 * 1024, { "content-type": "image/png" })).status).toBe(413);
    const inflatesOver = gzipSync(Buffer.alloc(6 * 1024 * 1024, 0));
    expect(inflatesOver.length).toBeLessThan(limit);
    expect(await postBody("/api/images", inflatesOver, { "content-type": "image/png", "content-encoding": "gzip" })).toBe(413);
  });

  it("cut chunked webhook deliveries at 5 MB with 413", async () => {
    const response = await postChunked("/webhooks/github/1", 6 * 1024 * 1024, { "content-type": "application/json" });
    expect(response.status).toBe(413);
  });
});
