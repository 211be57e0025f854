import type { Env } from "../../env.server";
import { githubClient } from "../../github/client";
import { connectorToken } from "../connectors/connector-token";
import { pullRequestSet } from "./get-pull-request-set";

/** Each PR of the set gets a section linking its siblings (rewritten, not appended twice). */
export async function linkPullRequestSet(options: { tenantId: number; parentRunId: number; env: Env }) {
  const { items } = await pullRequestSet(options);
  const prs = items.filter((item) => item.prNumber && item.prUrl);
  if (prs.length < 2) return { linked: 0 };
  const marker = "<!-- assembly-lime:linked-prs -->";
  for (const pr of prs) {
    const octokit = githubClient(
      options.env,
      await connectorToken({ tenantId: options.tenantId, connectorId: pr.connectorId, env: options.env }),
    );
    const { data } = await octokit.rest.pulls.get({ owner: pr.owner, repo: pr.name, pull_number: pr.prNumber! });
    const siblings = prs
      .filter((other) => other !== pr)
      .map((other) => `- ${other.repository}#${other.prNumber}: ${other.prUrl}`);
    const base = (data.body ?? "").split(marker)[0]!.trimEnd();
    const body = `${base}\n\n${marker}\n**Linked pull requests** (one change across ${prs.length} repositories — merge them together):\n${siblings.join("\n")}\n`;
    await octokit.rest.pulls.update({ owner: pr.owner, repo: pr.name, pull_number: pr.prNumber!, body });
  }
  return { linked: prs.length };
}
