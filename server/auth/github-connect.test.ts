import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "../env.server";
import { connectAuthorizationUrl, exchangeConnectCode } from "./github-connect";
import { startFakeGitHub, type FakeGitHub } from "../../test/fakes/github";

let fake: FakeGitHub;

beforeAll(async () => {
  fake = await startFakeGitHub({ users: [{ id: 583231, login: "octocat", name: "The Octocat", email: "octocat@example.test" }] });
});

afterAll(async () => {
  await fake?.close();
});

describe("Connect with GitHub", () => {
  it("asks for the workflow scope, so the connector's token may push changes to .github/workflows/", async () => {
    const env = getEnv({
      ...process.env,
      GITHUB_URL: fake.url,
      GITHUB_CLIENT_ID: fake.clientId,
      GITHUB_CLIENT_SECRET: fake.clientSecret,
    });
    const authorization = connectAuthorizationUrl(env)!;
    expect(authorization.url.searchParams.get("scope")?.split(" ")).toEqual(["repo", "workflow", "read:user", "admin:repo_hook"]);

    // The fake's grant form, as the user's browser would submit it.
    const form = new URLSearchParams({ login: "octocat" });
    for (const name of ["state", "redirect_uri", "scope"]) form.set(name, authorization.url.searchParams.get(name) ?? "");
    const granted = await fetch(`${fake.url}/login/oauth/authorize/grant`, { method: "POST", body: form, redirect: "manual" });
    const code = new URL(granted.headers.get("location")!).searchParams.get("code")!;
    const token = await exchangeConnectCode(env, code);

    const user = await fetch(`${fake.apiUrl}/user`, { headers: { authorization: `Bearer ${token}` } });
    expect(user.headers.get("x-oauth-scopes")?.split(", ")).toContain("workflow");
  });
});
