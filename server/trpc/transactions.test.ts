import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertNoOpenTransaction, db, NetworkInTransactionError, withAmbientTransaction } from "../../db/client";
import { auditLog, outboundAllowlist } from "../../db/schema";
import { buildTenant } from "../../db/seed";
import { startFakeGitHub } from "../../test/fakes/github/server";
import { sessionCookieFor } from "../../test/helpers/trpc-client";
import { createGitHubClient } from "../github/client";
import { createContext } from "./context";
import { createCallerFactory, router, tenantProcedure } from "./procedures";

/** Mutations that call "an outside service" (the guard) and write a row, as the real ones do. */
const probeRouter = router({
  wrapped: tenantProcedure.meta({ permission: "outbound:manage" }).mutation(() => {
    assertNoOpenTransaction("A probe service");
    return { id: 0 };
  }),
  explicit: tenantProcedure
    .meta({ permission: "outbound:manage", transaction: "explicit" })
    .mutation(async ({ ctx }) => {
      assertNoOpenTransaction("A probe service");
      return ctx.inTransaction(async () => {
        const [row] = await db
          .insert(outboundAllowlist)
          .values({ tenantId: ctx.tenantId, host: "explicit.example" })
          .returning({ id: outboundAllowlist.id });
        return row!;
      });
    }),
  explicitFailing: tenantProcedure
    .meta({ permission: "outbound:manage", transaction: "explicit" })
    .mutation(async ({ ctx }) =>
      ctx.inTransaction(async () => {
        await db.insert(outboundAllowlist).values({ tenantId: ctx.tenantId, host: "rolled-back.example" });
        throw new Error("The step after the insert failed.");
      }),
    ),
});

describe("transactions and outside services", () => {
  let github: Awaited<ReturnType<typeof startFakeGitHub>>;
  beforeAll(async () => {
    github = await startFakeGitHub();
  });
  afterAll(() => github.close());

  it("refuses a GitHub call made inside a transaction, ambient or explicit, and lets it through outside", async () => {
    const octokit = createGitHubClient(github.apiUrl, "ghp_unknown-token");
    await expect(withAmbientTransaction(() => octokit.rest.users.getAuthenticated())).rejects.toThrow(NetworkInTransactionError);
    await expect(db.transaction(() => octokit.rest.users.getAuthenticated())).rejects.toThrow(
      /GitHub was called inside a database transaction/,
    );
    // Outside one the request reaches the fake, which refuses the unknown token.
    await expect(octokit.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 401 });
  });

  it("runs a mutation in one transaction by default, so an outside call in it fails", async () => {
    const { tenant, admin } = await buildTenant();
    const caller = createCallerFactory(probeRouter)(
      await createContext({ cookie: await sessionCookieFor({ userId: admin.id, tenantId: tenant.id }) }),
    );
    await expect(caller.wrapped()).rejects.toThrow(/A probe service was called inside a database transaction/);
  });

  it("runs an explicit mutation outside any transaction and commits its row with its audit entry", async () => {
    const { tenant, admin } = await buildTenant();
    const caller = createCallerFactory(probeRouter)(
      await createContext({ cookie: await sessionCookieFor({ userId: admin.id, tenantId: tenant.id }) }),
    );
    const row = await caller.explicit();
    const entries = await db
      .select({ targetId: auditLog.targetId, actorUserId: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "explicit")));
    expect(entries).toEqual([{ targetId: String(row.id), actorUserId: admin.id }]);

    // A failure inside `inTransaction` takes the row and its audit entry back together.
    await expect(caller.explicitFailing()).rejects.toThrow("The step after the insert failed.");
    const rolledBack = await db
      .select({ id: outboundAllowlist.id })
      .from(outboundAllowlist)
      .where(and(eq(outboundAllowlist.tenantId, tenant.id), eq(outboundAllowlist.host, "rolled-back.example")));
    expect(rolledBack).toEqual([]);
    const failedEntries = await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "explicitFailing")));
    expect(failedEntries).toEqual([]);
  });
});
