import { and, asc, eq, inArray } from "drizzle-orm";
import { db } from "../../../db/client";
import { connectors, repositories, repositoryAliases } from "../../../db/schema";
import { repositoryColumns } from "./repository-columns";

export async function listRepositories(options: { tenantId: number }) {
  const rows = await db
    .select({ ...repositoryColumns, connectorName: connectors.name, connectorStatus: connectors.status })
    .from(repositories)
    .innerJoin(connectors, eq(connectors.id, repositories.connectorId))
    .where(eq(repositories.tenantId, options.tenantId))
    .orderBy(asc(repositories.fullName));
  const aliases = rows.length
    ? await db
        .select({ repositoryId: repositoryAliases.repositoryId, alias: repositoryAliases.alias })
        .from(repositoryAliases)
        .where(
          and(
            eq(repositoryAliases.tenantId, options.tenantId),
            inArray(
              repositoryAliases.repositoryId,
              rows.map((row) => row.id),
            ),
          ),
        )
    : [];
  return rows.map((row) => ({
    ...row,
    aliases: aliases.filter((alias) => alias.repositoryId === row.id).map((alias) => alias.alias),
  }));
}
