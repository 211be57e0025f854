import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { invitations } from "../../../db/schema";
import { buildTenant } from "../../../db/seed";
import { callerFor } from "../../../test/helpers/caller";
import { startGitHubPipeline, type GitHubPipeline } from "../../../test/helpers/github-pipeline";

let pipeline: GitHubPipeline;

beforeAll(async () => {
  pipeline = await startGitHubPipeline();
  await pipeline.caller.connectors.create({ kind: "pat", token: pipeline.token, name: "Main" });
});

afterAll(async () => {
  await pipeline?.runtime.stop();
});

describe("members.invite", () => {
  it("asks GitHub for the login and invites an account it has", async () => {
    const invitation = await pipeline.caller.members.invite({ login: "@hubot", role: "dev" });
    expect(invitation).toMatchObject({ login: "hubot", role: "dev", status: "pending", checked: true });
  });

  it("refuses a login GitHub has nobody called, and writes no invitation", async () => {
    const error = await pipeline.caller.members.invite({ login: "no-such-person-here", role: "dev" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    // A field issue, as the schema's own are answered: the API's message names the field; the form shows it beside the login.
    expect((error as Error).message).toBe("login: No GitHub user is called no-such-person-here.");
    const rows = await db.select().from(invitations).where(eq(invitations.tenantId, pipeline.tenantId));
    expect(rows.map((row) => row.login)).not.toContain("no-such-person-here");
  });

  it("invites unchecked when the workspace has no GitHub connector to ask with", async () => {
    const { tenant, admin } = await buildTenant({ name: "No connector" });
    const caller = await callerFor({ userId: admin.id, tenantId: tenant.id });
    const invitation = await caller.members.invite({ login: "no-such-person-here", role: "viewer" });
    expect(invitation).toMatchObject({ login: "no-such-person-here", checked: false });
  });
});
