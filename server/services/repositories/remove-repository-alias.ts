import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { repositoryAliases } from "../../../db/schema";

export async function removeRepositoryAlias(options: { tenantId: number; repositoryId: number; alias: string }) {
  await db
    .delete(repositoryAliases)
    .where(
      and(
        eq(repositoryAliases.tenantId, options.tenantId),
        eq(repositoryAliases.repositoryId, options.repositoryId),
        eq(repositoryAliases.alias, options.alias),
      ),
    );
  return { ok: true };
}
