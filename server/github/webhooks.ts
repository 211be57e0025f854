import type { Octokit } from "@octokit/rest";

/** Creates a repository webhook delivering `events` as JSON to `url`, signed with `secret`, over verified TLS. */
export async function createRepositoryWebhook(
  octokit: Octokit,
  options: { owner: string; repo: string; url: string; secret: string; events: string[] },
) {
  const { data } = await octokit.rest.repos.createWebhook({
    owner: options.owner,
    repo: options.repo,
    name: "web",
    active: true,
    events: options.events,
    config: { url: options.url, content_type: "json", secret: options.secret, insecure_ssl: "0" },
  });
  return { id: data.id };
}
