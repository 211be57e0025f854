import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { roles, tenants, userConnections, userRoles, users } from "../../../db/schema";
import { startFakeGitHub, type FakeGitHub } from "../../../test/fakes/github";
import { fetchGitHubProfile } from "../../auth/github-login";
import { signInWithGitHub } from "./sign-in-with-github";

let github: FakeGitHub;
beforeAll(async () => {
  github = await startFakeGitHub({
    users: [
      { id: 1001, login: "ada", name: "Ada Lovelace", email: null, emails: ["ada@example.test", "ada@work.test"] },
      { id: 1002, login: "grace", name: null, email: "grace@example.test" },
      {
        id: 1003,
        login: "hedy",
        name: null,
        email: null,
        // More emails than one page holds, the primary on the last page.
        emails: Array.from({ length: 120 }, (_, index) => `hedy${index}@example.test`),
        primaryEmail: "hedy119@example.test",
      },
    ],
  });
});
afterAll(async () => github.close());

describe("signInWithGitHub", () => {
  it("creates the user, their GitHub identity, a tenant and makes them its admin on first login", async () => {
    const profile = await fetchGitHubProfile(github.apiUrl, github.issueToken("ada"));
    expect(profile).toMatchObject({ id: 1001, login: "ada", name: "Ada Lovelace", email: "ada@example.test" });

    const result = await signInWithGitHub(profile);
    expect(result.isNewTenant).toBe(true);
    const [user] = await db.select().from(users).where(eq(users.id, result.userId));
    expect(user).toMatchObject({ login: "ada", name: "Ada Lovelace", email: "ada@example.test" });
    const [identity] = await db.select().from(userConnections).where(eq(userConnections.userId, result.userId));
    expect(identity).toMatchObject({ provider: "github", providerUserId: "1001" });
    const [tenant] = await db.select().from(tenants).where(eq(tenants.id, result.tenantId));
    expect(tenant?.slug).toBe("ada");
    const memberRoles = await db
      .select({ key: roles.key })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(and(eq(userRoles.userId, result.userId), eq(userRoles.tenantId, result.tenantId)));
    expect(memberRoles).toEqual([{ key: "admin" }]);
    const tenantRoles = await db.select({ key: roles.key }).from(roles).where(eq(roles.tenantId, result.tenantId));
    expect(tenantRoles.map((r) => r.key).sort()).toEqual(["admin", "dev", "pm", "qa", "viewer"]);
  });

  it("reuses the same user and tenant on later logins and refreshes the profile", async () => {
    const first = await signInWithGitHub({ id: 2001, login: "linus", name: "Linus", email: null, avatarUrl: null });
    const second = await signInWithGitHub({
      id: 2001,
      login: "linus-renamed",
      name: "Linus T",
      email: "l@example.test",
      avatarUrl: null,
    });
    expect(second).toMatchObject({ userId: first.userId, tenantId: first.tenantId, isNewTenant: false });
    const [user] = await db.select().from(users).where(eq(users.id, first.userId));
    expect(user).toMatchObject({ login: "linus-renamed", name: "Linus T", email: "l@example.test" });
  });

  it("gives each new user a tenant with a unique slug", async () => {
    const a = await signInWithGitHub({ id: 3001, login: "sam", name: null, email: null, avatarUrl: null });
    const b = await signInWithGitHub({ id: 3002, login: "Sam", name: null, email: null, avatarUrl: null });
    const slugs = await db.select({ id: tenants.id, slug: tenants.slug }).from(tenants);
    const slugOf = (id: number) => slugs.find((t) => t.id === id)?.slug;
    expect(slugOf(a.tenantId)).toBe("sam");
    expect(slugOf(b.tenantId)).toBe("sam-2");
  });

  it("keeps one user per GitHub id even when two logins race", async () => {
    const profile = { id: 4001, login: "racer", name: null, email: null, avatarUrl: null };
    const results = await Promise.allSettled([signInWithGitHub(profile), signInWithGitHub(profile)]);
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    const identities = await db.select().from(userConnections).where(eq(userConnections.providerUserId, "4001"));
    expect(identities).toHaveLength(1);
  });
});

describe("fetchGitHubProfile", () => {
  it("finds the primary email on a later page of the user's emails", async () => {
    const profile = await fetchGitHubProfile(github.apiUrl, github.issueToken("hedy"));
    expect(profile.email).toBe("hedy119@example.test");
  });

  it("rejects a token GitHub does not know", async () => {
    await expect(fetchGitHubProfile(github.apiUrl, "gho_unknown")).rejects.toMatchObject({ status: 401 });
  });
});
