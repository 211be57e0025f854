import { db, inTransaction, type Commit } from "../../../db/client";
import { repositories } from "../../../db/schema";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import type { GitHubCall } from "../../github/github-calls";
import { getRepo } from "../../github/repositories";
import { gitHubFor } from "./connector-github";
import { requestConfigScan } from "./request-config-scan";
import { repositoryColumns } from "./repository-columns";

/**
 * Imports repositories by full name (idempotent): owner, name, clone URL and
 * default branch come from GitHub, read first, outside any transaction; then
 * every row and its config scan job commit together (`commit`).
 */
export async function importRepositories(options: {
  tenantId: number;
  connectorId: number;
  env: Env;
  fullNames: string[];
  commit?: Commit;
}) {
  const found: Awaited<ReturnType<typeof getRepo>>[] = [];
  // One token read and client for the whole import, made only once the first name has passed its check.
  let gh: GitHubCall | undefined;
  for (const fullName of options.fullNames) {
    const [owner, name] = fullName.split("/");
    if (!owner || !name) throw new AppError("BAD_REQUEST", `"${fullName}" is not owner/name.`);
    gh ??= await gitHubFor(options);
    found.push(await gh((octokit) => getRepo(octokit, { owner, repo: name })));
  }
  return (options.commit ?? inTransaction)(async () => {
    const imported = [];
    for (const repo of found) {
      const values = { tenantId: options.tenantId, connectorId: options.connectorId, ...repo };
      const [row] = await db
        .insert(repositories)
        .values(values)
        .onConflictDoUpdate({
          target: [repositories.tenantId, repositories.connectorId, repositories.fullName],
          set: {
            cloneUrl: values.cloneUrl,
            defaultBranch: values.defaultBranch,
            isPrivate: values.isPrivate,
            updatedAt: new Date(),
          },
        })
        .returning(repositoryColumns);
      await requestConfigScan({ tenantId: options.tenantId, repositoryId: row!.id });
      imported.push(row!);
    }
    return imported;
  });
}
