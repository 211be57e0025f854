import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { roles, userRoles } from "../../../db/schema";
import { buildProject, buildUser } from "../../../db/seed";
import { createHttpClient } from "../../../test/helpers/trpc-client";
import { serializeSessionToken } from "../../auth/session-cookie";
import { publish } from "../../events/bus";
import { createSession } from "./create-session";
import { deleteSession } from "./delete-session";
import { holdSessionsFor, SESSIONS_TOPIC } from "./session-cache";
import { waitFor } from "../../../test/helpers/wait";
import { startGovernedTenant, type GovernedTenant } from "../../../test/helpers/governed-tenant";
import { inviteAndAccept } from "../../../test/helpers/invitations";

let runtime: GovernedTenant["runtime"];
let tenantId: number;
let adminId: number;
let admin: GovernedTenant["admin"];

beforeAll(async () => {
  ({ runtime, tenantId, adminId, admin } = await startGovernedTenant());
});

afterAll(async () => {
  await runtime?.stop();
});

describe("sessions", () => {
  it("count a role change, a removal or a logout from the member's very next request, and hear other processes' changes on the bus", async () => {
    const user = await buildUser({ login: `switcher-${Math.random().toString(36).slice(2, 7)}` });
    await inviteAndAccept(admin, { tenantId, login: user.login, role: "viewer" });
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Sessions", key: `S${Math.random().toString(36).slice(2, 6).toUpperCase()}` });
    const { token } = await createSession({ userId: user.id, tenantId, ttlDays: 1 });
    const client = createHttpClient(runtime.url, (await serializeSessionToken(token)).split(";")[0]);
    const create = (title: string) => client.tickets.create.mutate({ projectId: project.id, title });

    await expect(create("as a viewer")).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    await admin.members.setRole({ userId: user.id, role: "dev" });
    await expect(create("as a dev")).resolves.toMatchObject({ title: "as a dev" });

    // Another process demotes them (here: straight in the database, no local clear). Until its
    // commit notification arrives the session is served from this process's cache (held for a
    // minute here, so a slow machine cannot let it expire on its own)...
    const release = holdSessionsFor(60_000);
    await expect(create("warm")).resolves.toBeTruthy();
    const [viewer] = await db
      .select({ id: roles.id })
      .from(roles)
      .where(and(eq(roles.tenantId, tenantId), eq(roles.key, "viewer")));
    await db
      .update(userRoles)
      .set({ roleId: viewer!.id })
      .where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.userId, user.id)));
    await expect(create("cached")).resolves.toBeTruthy();
    // ...and the notification clears it at once, well before the cache would expire on its own.
    const published = Date.now();
    await publish(db, { topic: SESSIONS_TOPIC });
    await waitFor(
      () =>
        create("after the bus").then(
          () => false,
          (error: { data?: { code?: string } }) => error.data?.code === "FORBIDDEN",
        ),
      "the demotion to reach this process",
    );
    expect(Date.now() - published).toBeLessThan(1_500);
    release();

    await admin.members.setRole({ userId: user.id, role: "dev" });
    await expect(create("dev again")).resolves.toBeTruthy();
    await admin.members.remove({ userId: user.id });
    await expect(create("removed")).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    await inviteAndAccept(admin, { tenantId, login: user.login, role: "dev" });
    await expect(create("back")).resolves.toBeTruthy();
    await deleteSession(token);
    await expect(create("logged out")).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
  });
});
