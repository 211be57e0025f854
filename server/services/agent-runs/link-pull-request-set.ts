import type { Env } from "../../env.server";
import { gitHubRequests } from "../../github/github-calls";
import { pullRequestDescription, updatePullRequestDescription } from "../../github/pull-requests";
import { connectorToken } from "../connectors/connector-token";
import { pullRequestSet } from "./get-pull-request-set";

/** Each PR of the set gets a section linking its siblings (rewritten, not appended twice). */
export async function linkPullRequestSet(options: { tenantId: number; parentRunId: number; env: Env }) {
  const { items } = await pullRequestSet(options);
  const prs = items.filter((item) => item.prNumber && item.prUrl);
  if (prs.length < 2) return { linked: 0 };
  const marker = "<!-- assembly-lime:linked-prs -->";
  for (const pr of prs) {
    const github = gitHubRequests(
      options.env,
      await connectorToken({ tenantId: options.tenantId, connectorId: pr.connectorId, env: options.env }),
    );
    const pull = { owner: pr.owner, repo: pr.name, pullNumber: pr.prNumber! };
    const description = await github((octokit) => pullRequestDescription(octokit, pull));
    const siblings = prs
      .filter((other) => other !== pr)
      .map((other) => `- ${other.repository}#${other.prNumber}: ${other.prUrl}`);
    const base = (description ?? "").split(marker)[0]!.trimEnd();
    const body = `${base}\n\n${marker}\n**Linked pull requests** (one change across ${prs.length} repositories — merge them together):\n${siblings.join("\n")}\n`;
    await github((octokit) => updatePullRequestDescription(octokit, { ...pull, body }));
  }
  return { linked: prs.length };
}
