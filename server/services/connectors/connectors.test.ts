import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { connectors } from "../../../db/schema";
import { buildTenant } from "../../../db/seed";
import { callerFor } from "../../../test/helpers/caller";
import { connectorToken } from "./connector-token";
import { startGitHubPipeline, type GitHubPipeline } from "../../../test/helpers/github-pipeline";

let runtime: GitHubPipeline["runtime"];
let tenantId: number;
let caller: GitHubPipeline["caller"];
let token: string;

beforeAll(async () => {
  ({ runtime, tenantId, caller, token } = await startGitHubPipeline());
});

afterAll(async () => {
  await runtime?.stop();
});

describe("connectors", () => {
  it("checks the token with GitHub, records account and scopes, seals the token and never returns it", async () => {
    const connector = await caller.connectors.create({ kind: "pat", token, name: "Work" });
    expect(connector).toMatchObject({
      name: "Work",
      accountLogin: "octocat",
      status: "active",
      scopes: ["repo", "admin:repo_hook"],
    });
    expect(JSON.stringify(connector)).not.toContain(token);
    expect(JSON.stringify(await caller.connectors.list())).not.toContain(token);
    // Nothing in the row — any column — holds the plaintext.
    const rows = await db.execute(sql`select row_to_json(c)::text as json from connectors c where id = ${connector.id}`);
    expect(String((rows[0] as { json: string }).json)).not.toContain(token);
    expect(await connectorToken({ tenantId, connectorId: connector.id, env: runtime.env })).toBe(token);

    await expect(caller.connectors.create({ kind: "pat", token: "ghp_" + "x".repeat(36) })).rejects.toThrow(
      /GitHub rejected this token/,
    );
    await expect(caller.connectors.create({ kind: "pat", token: "short" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const other = await buildTenant({ name: "Other" });
    const stranger = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    await expect(stranger.connectors.get({ connectorId: connector.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.connectors.revoke({ connectorId: connector.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const revoked = await caller.connectors.revoke({ connectorId: connector.id });
    expect(revoked.status).toBe("revoked");
    await expect(connectorToken({ tenantId, connectorId: connector.id, env: runtime.env })).rejects.toThrow(/revoked/);
    const [row] = await db
      .select({ ciphertext: connectors.tokenCiphertext })
      .from(connectors)
      .where(eq(connectors.id, connector.id));
    expect(row!.ciphertext).toBe("revoked");
  });
});
