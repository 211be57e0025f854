import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { repositories } from "../../../db/schema";
import { notFound } from "../../errors";
import { repositoryColumns } from "./repository-columns";

/** A repository of this tenant, with what the server needs to reach it and where its config scan stands. */
export async function getRepository(options: { tenantId: number; repositoryId: number }) {
  const [row] = await db
    .select({
      ...repositoryColumns,
      cloneUrl: repositories.cloneUrl,
      configScanStatus: repositories.configScanStatus,
      configScanError: repositories.configScanError,
      configScannedAt: repositories.configScannedAt,
    })
    .from(repositories)
    .where(and(eq(repositories.id, options.repositoryId), eq(repositories.tenantId, options.tenantId)));
  if (!row) throw notFound("Repository");
  return row;
}
