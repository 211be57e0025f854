import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildTenant, buildUser } from "../../../db/seed";
import { callerFor } from "../../../test/helpers/caller";
import { createHttpClient, sessionCookieFor, startTestServer } from "../../../test/helpers/http";

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

describe("projects.boardEvents", () => {
  it("streams another member's changes with the ticket's current card, and resumes after its last id", async () => {
    const { tenant, admin } = await buildTenant();
    const pm = await buildUser();
    await addMember({ tenantId: tenant.id, userId: pm.id, role: "pm" });
    const adminCaller = await callerFor({ userId: admin.id, tenantId: tenant.id });
    const { project } = await adminCaller.projects.create({ name: "Live", key: "LIVE" });
    const board = await adminCaller.projects.board({ projectId: project.id });

    const browser = createHttpClient(server.url, await sessionCookieFor({ userId: pm.id, tenantId: tenant.id }));
    const received: { id: number; kind: string; column: string | undefined }[] = [];
    const gotThree = new Promise<void>((resolve, reject) => {
      const subscription = browser.projects.boardEvents.subscribe(
        { projectId: project.id, lastEventId: String(board.lastEventId) },
        {
          onData: ({ data }) => {
            received.push({ id: data.id, kind: data.kind, column: data.card?.columnKey });
            if (received.length === 3) {
              subscription.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const ticket = await adminCaller.tickets.create({ projectId: project.id, title: "Live one" });
    await adminCaller.tickets.move({ ticketId: ticket.id, toColumnKey: "review", afterTicketId: null });
    await adminCaller.tickets.delete({ ticketId: ticket.id });
    await gotThree;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(received.map((e) => e.kind)).toEqual(["created", "moved", "deleted"]);
    // Each event carries the card as it was when read; a deleted ticket has none.
    expect(received[2]!.column).toBeUndefined();

    // A reconnect from the second event receives exactly the third.
    const resumed = await new Promise<number[]>((resolve, reject) => {
      const ids: number[] = [];
      const subscription = browser.projects.boardEvents.subscribe(
        { projectId: project.id, lastEventId: String(received[1]!.id) },
        {
          onData: ({ data }) => {
            ids.push(data.id);
            subscription.unsubscribe();
            resolve(ids);
          },
          onError: reject,
        },
      );
    });
    expect(resumed).toEqual([received[2]!.id]);
  });

  it("sends the card as it is when the event is read", async () => {
    const { tenant, admin } = await buildTenant();
    const caller = await callerFor({ userId: admin.id, tenantId: tenant.id });
    const { project } = await caller.projects.create({ name: "Cards", key: "CARD" });
    const ticket = await caller.tickets.create({ projectId: project.id, title: "Card" });
    await caller.tickets.move({ ticketId: ticket.id, toColumnKey: "done", afterTicketId: null });
    const client = createHttpClient(server.url, await sessionCookieFor({ userId: admin.id, tenantId: tenant.id }));
    const first = await new Promise<{ kind: string; column?: string; key?: string }>((resolve, reject) => {
      const subscription = client.projects.boardEvents.subscribe(
        { projectId: project.id },
        {
          onData: ({ data }) => {
            subscription.unsubscribe();
            resolve({ kind: data.kind, column: data.card?.columnKey, key: data.card?.key });
          },
          onError: reject,
        },
      );
    });
    expect(first).toEqual({ kind: "created", column: "done", key: "CARD-1" });
  });
});
