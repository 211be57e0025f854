import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { buildTenant } from "../../../db/seed";
import { createHttpClient, sessionCookieFor, startTestServer } from "../../../test/helpers/http";
import { lastWorkspaceEventId } from "../../services/workspace/last-workspace-event-id";
import { recordWorkspaceChange } from "../../services/workspace/record-workspace-change";

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

type Event = { id: number; kind: string; subjectId: number };

function follow(client: ReturnType<typeof createHttpClient>, lastEventId: number, count: number) {
  return new Promise<Event[]>((resolve, reject) => {
    const received: Event[] = [];
    const subscription = client.workspace.events.subscribe(
      { lastEventId: String(lastEventId) },
      {
        onData: ({ data }) => {
          received.push(data);
          if (received.length === count) {
            subscription.unsubscribe();
            resolve(received);
          }
        },
        onError: reject,
      },
    );
  });
}

describe("workspace.events", () => {
  it("streams this workspace's list changes live, never another's or a rolled-back one, and resumes after its last id", async () => {
    const a = await buildTenant();
    const b = await buildTenant();
    const client = createHttpClient(server.url, await sessionCookieFor({ userId: a.admin.id, tenantId: a.tenant.id }));
    const start = await lastWorkspaceEventId({ tenantId: a.tenant.id });
    const live = follow(client, start, 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await recordWorkspaceChange(db, { tenantId: a.tenant.id, kind: "run", subjectId: 7 });
    await recordWorkspaceChange(db, { tenantId: b.tenant.id, kind: "run", subjectId: 8 });
    await db
      .transaction(async (tx) => {
        await recordWorkspaceChange(tx, { tenantId: a.tenant.id, kind: "run", subjectId: 9 });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await recordWorkspaceChange(db, { tenantId: a.tenant.id, kind: "preview", subjectId: 10 });
    await recordWorkspaceChange(db, { tenantId: a.tenant.id, kind: "sandbox", subjectId: 11 });
    const events = await live;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(events.map(({ kind, subjectId }) => ({ kind, subjectId }))).toEqual([
      { kind: "run", subjectId: 7 },
      { kind: "preview", subjectId: 10 },
      { kind: "sandbox", subjectId: 11 },
    ]);

    // A reconnect after the first event receives the other two, once each.
    const resumed = await follow(client, events[0]!.id, 2);
    expect(resumed.map((event) => event.id)).toEqual([events[1]!.id, events[2]!.id]);
  });
});
