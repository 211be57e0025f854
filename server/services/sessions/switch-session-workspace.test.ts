import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTenant } from "../../../db/seed";
import { startGovernedTenant, type GovernedTenant } from "../../../test/helpers/governed-tenant";
import { inviteAndAccept } from "../../../test/helpers/invitations";
import { signInWithGitHub } from "../auth/sign-in-with-github";
import { listMyWorkspaces } from "../tenants/list-my-workspaces";
import { createSession } from "./create-session";
import { getSession } from "./get-session";
import { switchSessionWorkspace } from "./switch-session-workspace";

let governed: GovernedTenant;

beforeAll(async () => {
  governed = await startGovernedTenant();
});

afterAll(async () => {
  await governed?.runtime.stop();
});

describe("a member of several workspaces", () => {
  it("switches a session between them, lands where they last worked at the next sign-in, and cannot switch into a stranger's", async () => {
    const login = `roamer-${Math.random().toString(36).slice(2, 7)}`;
    const profile = { id: 900_000 + Math.floor(Math.random() * 99_999), login, name: "Roamer", email: null, avatarUrl: null };
    const first = await signInWithGitHub(profile);
    expect(first.isNewTenant).toBe(true);
    const own = first.tenantId;
    await inviteAndAccept(governed.admin, { tenantId: governed.tenantId, login, role: "viewer" });

    expect(await listMyWorkspaces({ userId: first.userId })).toEqual(
      expect.arrayContaining([
        { id: own, name: "Roamer's team" },
        { id: governed.tenantId, name: expect.stringContaining("Governed") },
      ]),
    );
    expect(await listMyWorkspaces({ userId: first.userId })).toHaveLength(2);

    const { token } = await createSession({ userId: first.userId, tenantId: own, ttlDays: 1 });
    await switchSessionWorkspace({
      sessionId: (await getSession(token))!.sessionId,
      userId: first.userId,
      tenantId: governed.tenantId,
    });
    expect((await getSession(token))?.tenant.id).toBe(governed.tenantId);
    expect((await getSession(token))?.roles).toEqual(["viewer"]);
    expect((await signInWithGitHub(profile)).tenantId).toBe(governed.tenantId);

    const stranger = await buildTenant({ name: "Stranger" });
    await expect(
      switchSessionWorkspace({
        sessionId: (await getSession(token))!.sessionId,
        userId: first.userId,
        tenantId: stranger.tenant.id,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "No such workspace." });
    expect((await getSession(token))?.tenant.id).toBe(governed.tenantId);

    // Removed from the workspace they last worked in, their next sign-in opens their own again.
    await governed.admin.members.remove({ userId: first.userId });
    expect((await signInWithGitHub(profile)).tenantId).toBe(own);
  });
});
