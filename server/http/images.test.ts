import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildTenant, buildUser } from "../../db/seed";
import { startAgentRuntime } from "../../test/helpers/agent-runtime";
import { callerFor } from "../../test/helpers/caller";
import { appRouter } from "../routers/app-router";
import { declaredPermissions } from "../trpc/declared-permissions";
import { IMAGE_ROUTE_PERMISSIONS } from "./images-routes";
import { sessionCookieFor } from "../../test/helpers/trpc-client";
import { runFinished } from "../../test/helpers/wait";

// A 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

let runtime: Awaited<ReturnType<typeof startAgentRuntime>>;
let url: string;

beforeAll(async () => {
  runtime = await startAgentRuntime();
  url = runtime.url;
});

afterAll(async () => {
  await runtime?.stop();
});

const upload = (cookie: string, body: Buffer, type = "image/png") =>
  fetch(`${url}/api/images?filename=shot.png`, {
    method: "POST",
    headers: { cookie, "content-type": type },
    body: new Uint8Array(body),
  });

describe("images", () => {
  it("uploads a checked image, attaches it to a run's first message for both providers, and serves it only to its tenant", async () => {
    const { tenant, admin } = await buildTenant({ name: "Pictures" });
    const cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
    const caller = await callerFor({ userId: admin.id, tenantId: tenant.id });

    const refused = await upload(cookie, Buffer.from("<svg onload=alert(1)>"), "image/png");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { message: "Only PNG, JPEG, GIF and WebP images can be attached." } });
    expect((await upload("", PNG)).status).toBe(401);
    expect((await upload(cookie, Buffer.alloc(6 * 1024 * 1024, 1))).status).toBe(413);
    // Anthropic's 5 MB applies to the base64 it receives: a 4 MB image is refused here, at upload,
    // rather than by every later turn of the run it is attached to.
    const fourMegabytes = Buffer.concat([PNG, Buffer.alloc(4 * 1024 * 1024 - PNG.length, 1)]);
    const tooLarge = await upload(cookie, fourMegabytes);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: { message: expect.stringMatching(/3\.75 MB/) } });

    for (const provider of ["claude", "codex"] as const) {
      const response = await upload(cookie, PNG);
      expect(response.status).toBe(201);
      const image = (await response.json()) as { id: number; contentType: string };
      expect(image.contentType).toBe("image/png");

      const fake = provider === "claude" ? runtime.anthropic : runtime.openai;
      fake.scripts.add({
        name: `look-${provider}`,
        turns: [{ toolCalls: [{ name: "finish", input: { summary: "I see a pixel." } }] }],
      });
      const run = await caller.agentRuns.create({
        provider,
        mode: "plan",
        prompt: `Look [[script:look-${provider}]]`,
        imageIds: [image.id],
      });
      await runFinished(tenant.id, run.id, { timeoutMs: 10_000 });
      const request = fake.requests.find((entry) => entry.view.messages[0]?.text.includes(`[[script:look-${provider}]]`))!;
      expect(request.view.messages[0]!.images).toBe(1);
      // An image belongs to one run.
      await expect(
        caller.agentRuns.create({ provider, mode: "plan", prompt: "again", imageIds: [image.id] }),
      ).rejects.toMatchObject({
        code: "NOT_FOUND",
      });

      const own = await fetch(`${url}/api/images/${image.id}`, { headers: { cookie } });
      expect(own.status).toBe(200);
      expect(own.headers.get("content-type")).toBe("image/png");
      expect(Buffer.from(await own.arrayBuffer()).equals(PNG)).toBe(true);

      const other = await buildTenant({ name: "Peeking" });
      const foreign = await fetch(`${url}/api/images/${image.id}`, {
        headers: { cookie: await sessionCookieFor({ userId: other.admin.id, tenantId: other.tenant.id }) },
      });
      expect(foreign.status).toBe(404);
    }
  });

  it("takes the largest image Claude accepts once encoded, and the run's model call succeeds", async () => {
    const { tenant, admin } = await buildTenant({ name: "Large pictures" });
    const cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
    const caller = await callerFor({ userId: admin.id, tenantId: tenant.id });
    const largest = Buffer.concat([PNG, Buffer.alloc(3_932_160 - PNG.length, 1)]);
    const response = await upload(cookie, largest);
    expect(response.status).toBe(201);
    const image = (await response.json()) as { id: number };
    runtime.anthropic.scripts.add({
      name: "look-large",
      turns: [{ toolCalls: [{ name: "finish", input: { summary: "Large." } }] }],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "plan",
      prompt: "Look [[script:look-large]]",
      imageIds: [image.id],
    });
    const done = await runFinished(tenant.id, run.id, { timeoutMs: 20_000 });
    expect(done.status).toBe("completed");
  }, 60_000);

  it("refuses a run whose images add up to more than Claude takes in one request, and keeps them for a smaller run", async () => {
    const { tenant, admin } = await buildTenant({ name: "Many pictures" });
    const cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
    const caller = await callerFor({ userId: admin.id, tenantId: tenant.id });
    // Five of the largest image each: 5 MB of base64 apiece, 25 MB in all.
    const largest = Buffer.concat([PNG, Buffer.alloc(3_932_160 - PNG.length, 1)]);
    const ids: number[] = [];
    for (let index = 0; index < 5; index++) {
      const response = await upload(cookie, largest);
      expect(response.status).toBe(201);
      ids.push(((await response.json()) as { id: number }).id);
    }
    await expect(
      caller.agentRuns.create({ provider: "claude", mode: "plan", prompt: "Look", imageIds: ids }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/24 MB in all/),
    });
    runtime.anthropic.scripts.add({
      name: "look-four",
      turns: [{ toolCalls: [{ name: "finish", input: { summary: "Four." } }] }],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "plan",
      prompt: "Look [[script:look-four]]",
      imageIds: ids.slice(0, 4),
    });
    expect((await runFinished(tenant.id, run.id, { timeoutMs: 20_000 })).status).toBe("completed");
  }, 60_000);

  it("takes uploads only from members who may launch runs: a viewer is refused, a dev is not", async () => {
    const { tenant } = await buildTenant({ name: "Roles" });
    const [viewer, dev] = [await buildUser(), await buildUser()];
    await addMember({ tenantId: tenant.id, userId: viewer.id, role: "viewer" });
    await addMember({ tenantId: tenant.id, userId: dev.id, role: "dev" });

    const refused = await upload(await sessionCookieFor({ userId: viewer.id, tenantId: tenant.id }), PNG);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: {
        code: "FORBIDDEN",
        message: "Not allowed: your role cannot launch, steer and cancel agent runs; previews and sandboxes.",
      },
    });
    const devCookie = await sessionCookieFor({ userId: dev.id, tenantId: tenant.id });
    const accepted = await upload(devCookie, PNG);
    expect(accepted.status).toBe(201);
    const { id } = (await accepted.json()) as { id: number };
    const viewed = await fetch(`${url}/api/images/${id}`, {
      headers: { cookie: await sessionCookieFor({ userId: viewer.id, tenantId: tenant.id }) },
    });
    expect(viewed.status).toBe(200);
  });

  it("answers a database failure the request caused with its 4xx, not 500: a filename with a NUL byte", async () => {
    const { tenant, admin } = await buildTenant({ name: "Bad input" });
    const cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
    const nul = await fetch(`${url}/api/images?filename=a%00b.png`, {
      method: "POST",
      headers: { cookie, "content-type": "image/png" },
      body: new Uint8Array(PNG),
    });
    expect([nul.status, await nul.json()]).toEqual([
      400,
      { error: { code: "BAD_REQUEST", message: "A value is not in a form that can be stored." } },
    ]);
  });

  it("requires for an upload the permission agentRuns.create declares", () => {
    expect(IMAGE_ROUTE_PERMISSIONS.upload).toBe(declaredPermissions(appRouter)["agentRuns.create"]);
  });
});
