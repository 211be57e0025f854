import type { Env } from "../../env.server";
import type { GitHubClient } from "../../github/github-calls";
import { gitHubCalls, type GitHubCall } from "../../github/github-calls";
import { connectorToken } from "../connectors/connector-token";

/** Makes GitHub calls with the connector's token, read once: failures become readable errors. */
export async function gitHubFor(options: { tenantId: number; connectorId: number; env: Env }): Promise<GitHubCall> {
  return gitHubCalls(options.env, await connectorToken(options));
}

/** One GitHub call with the connector's token; failures become readable errors. */
export async function withGitHub<T>(
  options: { tenantId: number; connectorId: number; env: Env },
  call: (octokit: GitHubClient) => Promise<T>,
) {
  return (await gitHubFor(options))(call);
}
