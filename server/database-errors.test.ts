import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { connectors, features } from "../db/schema";
import { buildRepository, buildTenant } from "../db/seed";
import { createHttpClient, sessionCookieFor, startTestServer } from "../test/helpers/http";
import { appErrorOfDatabase, checkMessageOf, isIdentityKey, tableNounsOf, uniqueMessageOf } from "./database-errors";

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

async function ownerClient() {
  const { tenant, admin } = await buildTenant();
  return createHttpClient(server.url, await sessionCookieFor({ userId: admin.id, tenantId: tenant.id }));
}

describe("database failures the caller caused", () => {
  it("answers 409 with the index's own words when a feature is renamed to a taken name", async () => {
    const { tenant, admin } = await buildTenant();
    const client = createHttpClient(server.url, await sessionCookieFor({ userId: admin.id, tenantId: tenant.id }));
    const repositories = [{ repositoryId: (await buildRepository({ tenantId: tenant.id })).id }];
    await client.features.create.mutate({ name: "Billing", repositories });
    const other = await client.features.create.mutate({ name: "Invoices", repositories });
    await expect(client.features.update.mutate({ featureId: other.id, name: "Billing", repositories })).rejects.toMatchObject({
      message: "A feature with this name already exists.",
      data: { code: "CONFLICT", httpStatus: 409 },
    });
  });

  it("answers every one of four identical concurrent allowlist sets", async () => {
    const client = await ownerClient();
    const input = { provider: "codex" as const, toolNames: ["lookup_customer", "search_orders"] };
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => client.tools.setAllowlist.mutate(input)));
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    expect((await client.tools.list.query()).allowlists.codex.sort()).toEqual(input.toolNames);
  });

  it("says what does not exist, and what to do about a lost race, from the driver's error", () => {
    const foreignKey = { code: "23503", detail: 'Key (repository_id)=(9) is not present in table "repositories".' };
    expect(appErrorOfDatabase({ cause: foreignKey })).toMatchObject({
      code: "BAD_REQUEST",
      message: "Repository does not exist.",
    });
    const stillUsed = {
      code: "23503",
      message: 'update or delete on table "agent_runs" violates foreign key constraint "code_diffs_run_fk" on table "code_diffs"',
      table_name: "code_diffs",
      detail: 'Key (id)=(4) is still referenced from table "code_diffs".',
    };
    expect(appErrorOfDatabase(stillUsed)).toMatchObject({
      code: "CONFLICT",
      message: "This agent run is still in use by code diffs.",
    });
    const unknownUnique = { code: "23505", constraint_name: "x_key", detail: "Key (tenant_id, slug)=(1, a) already exists." };
    expect(appErrorOfDatabase(unknownUnique)).toMatchObject({
      code: "CONFLICT",
      message: "Another record with this slug already exists.",
    });
    expect(appErrorOfDatabase({ code: "40P01" })).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("try again"),
    });
    expect(appErrorOfDatabase({ code: "22001" })).toMatchObject({ code: "BAD_REQUEST" });
    expect(appErrorOfDatabase({ code: "53300" })).toBeUndefined();
    expect(appErrorOfDatabase(new Error("not a database error"))).toBeUndefined();
  });
});

/** What a write that breaks the rule throws, through the real driver. */
async function failureOf(write: Promise<unknown>) {
  return write.then(
    () => expect.unreachable("the write should have failed"),
    (error: unknown) => error,
  );
}

describe("every rule of the migrated database has words for the person who broke it", () => {
  it("has a message for every unique index, unique constraint and exclusion constraint", async () => {
    const indexes = await db.execute<{ name: string; definition: string }>(sql`
      select indexname as name, indexdef as definition from pg_indexes
      where schemaname = 'public' and indexdef like 'CREATE UNIQUE INDEX%'
      union
      select conname, pg_get_constraintdef(oid) from pg_constraint
      where connamespace = 'public'::regnamespace and contype in ('u', 'x')`);
    expect(indexes.length).toBeGreaterThan(50);
    const unnamed = indexes.filter((index) => !uniqueMessageOf(index.name)).map((index) => `${index.name}: ${index.definition}`);
    expect(unnamed).toEqual([]);
    const identities = indexes.filter((index) => isIdentityKey(index.name));
    expect(identities.filter((index) => !/\((tenant_id, )?id\)$/.test(index.definition))).toEqual([]);
  });

  it("has a message for every check constraint", async () => {
    const checks = await db.execute<{ name: string }>(sql`
      select conname as name from pg_constraint where connamespace = 'public'::regnamespace and contype = 'c'`);
    expect(checks.filter((check) => !checkMessageOf(check.name)).map((check) => check.name)).toEqual([]);
  });

  it("names both tables of every foreign key", async () => {
    const foreignKeys = await db.execute<{ name: string; referencing: string; referenced: string }>(sql`
      select conname as name, conrelid::regclass::text as referencing, confrelid::regclass::text as referenced
      from pg_constraint where connamespace = 'public'::regnamespace and contype = 'f'`);
    expect(foreignKeys.length).toBeGreaterThan(100);
    const unnamed = foreignKeys.flatMap((key) => [key.referencing, key.referenced]).filter((table) => !tableNounsOf(table));
    expect([...new Set(unnamed)]).toEqual([]);
  });

  it("says which row is missing when a write points at nothing", async () => {
    const { tenant } = await buildTenant();
    const [feature] = await db.insert(features).values({ tenantId: tenant.id, name: "Gone" }).returning();
    await db.delete(features).where(eq(features.id, feature!.id));
    const error = await failureOf(
      db.execute(sql`insert into feature_aliases (tenant_id, feature_id, alias) values (${tenant.id}, ${feature!.id}, 'gone')`),
    );
    expect(appErrorOfDatabase(error)).toMatchObject({ code: "BAD_REQUEST", message: "Feature does not exist." });
  });

  it("says what still uses a row whose delete the database refuses", async () => {
    const { tenant } = await buildTenant();
    const repository = await buildRepository({ tenantId: tenant.id });
    const error = await failureOf(db.delete(connectors).where(eq(connectors.id, repository.connectorId)));
    expect(appErrorOfDatabase(error)).toMatchObject({
      code: "CONFLICT",
      message: "This connector is still in use by repositories.",
    });
  });
});
