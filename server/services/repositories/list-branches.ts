import type { Env } from "../../env.server";
import { listBranchesOf } from "../../github/repositories";
import { withGitHub } from "./connector-github";
import { getRepository } from "./get-repository";

export async function listBranches(options: { tenantId: number; repositoryId: number; env: Env }) {
  const repo = await getRepository(options);
  return withGitHub({ ...options, connectorId: repo.connectorId }, (octokit) =>
    listBranchesOf(octokit, { owner: repo.owner, repo: repo.name }),
  );
}
