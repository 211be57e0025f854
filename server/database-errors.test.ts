import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRepository, buildTenant } from "../db/seed";
import { createHttpClient, sessionCookieFor, startTestServer } from "../test/helpers/http";
import { appErrorOfDatabase } from "./database-errors";

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
      table_name: "agent_runs",
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
