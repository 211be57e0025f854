import http from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTenant } from "../../db/seed";
import { sessionCookieFor, startTestServer } from "../../test/helpers/http";
import { loadRemixBuild, remixHandlerFor } from "../../test/helpers/remix-build";
import { getEnv } from "../env.server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
const limit = getEnv().BODY_LIMIT_BYTES;

beforeAll(async () => {
  server = await startTestServer({ remixHandler: remixHandlerFor(await loadRemixBuild()) });
  const { tenant, admin } = await buildTenant({ name: "Body limits" });
  cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
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
  return new Promise<number>((resolve, reject) => {
    const request = http.request(`${server.url}${path}`, { method: "POST", headers: { origin: server.url, ...headers } });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    request.on("error", reject);
    request.end(body);
  });
}

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

  it("refuse an encoded Remix or tRPC body with 415 (nothing decodes them)", async () => {
    const gzipped = gzipSync(Buffer.alloc(limit * 4, "a"));
    const headers = { "content-encoding": "gzip", "content-type": "application/x-www-form-urlencoded" };
    expect(await postBody("/logout", gzipped, headers)).toBe(415);
    expect(await postBody("/api/trpc/tickets.create", gzipped, { ...headers, "content-type": "application/json" })).toBe(415);
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
