import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { repositories } from "../../../db/schema";
import type { Env } from "../../env.server";
import { listRepositoriesForToken } from "../../github/repositories";
import { withGitHub } from "./connector-github";

/** The repositories a connector's token can see, a page at a time, marked when already imported. */
export async function listConnectorRepositories(options: {
  tenantId: number;
  connectorId: number;
  env: Env;
  page: number;
  perPage: number;
}) {
  const response = await withGitHub(options, (octokit) =>
    listRepositoriesForToken(octokit, { page: options.page, perPage: options.perPage }),
  );
  const imported = await db
    .select({ fullName: repositories.fullName, id: repositories.id })
    .from(repositories)
    .where(and(eq(repositories.tenantId, options.tenantId), eq(repositories.connectorId, options.connectorId)));
  const importedIds = new Map(imported.map((row) => [row.fullName, row.id]));
  return {
    items: response.items.map((repo) => ({ ...repo, importedId: importedIds.get(repo.fullName) ?? null })),
    hasNextPage: response.hasNextPage,
  };
}
