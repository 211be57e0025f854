import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "../../db/client";
import { buildTenant } from "../../db/seed";
import { postgresErrorOf } from "../../server/errors";
import { sessionCookieFor } from "../../test/helpers/trpc-client";
import { loader } from "./_app.repos.$id";

let cookie: string;

beforeAll(async () => {
  const { tenant, admin } = await buildTenant();
  cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
});

const load = (id: string) =>
  loader({
    request: new Request(`http://localhost/repos/${id}`, { headers: { cookie } }),
    params: { id },
    context: { requestId: "test", cspNonce: "" },
  });

const failure = (id: string) =>
  load(id).then(
    () => {
      throw new Error("the loader answered");
    },
    (thrown: unknown) => thrown,
  );

describe("the repository page's loader", () => {
  afterEach(async () => {
    await getConnection().db.execute(sql`alter table if exists repositories_unreachable rename to repositories`);
  });

  it("answers 404 for a repository the tenant does not have", async () => {
    const thrown = await failure("987654");
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });

  it("lets a database error through (a 500), not a 404", async () => {
    // The sessions still answer; only the repositories query fails, as in a partial outage.
    await getConnection().db.execute(sql`alter table repositories rename to repositories_unreachable`);
    const thrown = await failure("987654");
    expect(thrown).not.toBeInstanceOf(Response);
    expect(postgresErrorOf(thrown)?.code).toBe("42P01"); // undefined_table
  });
});
