import { and, asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { repositoryConfigs } from "../../../db/schema";
import { getRepository } from "./get-repository";

export async function listRepositoryConfigs(options: { tenantId: number; repositoryId: number }) {
  await getRepository(options);
  return db
    .select({
      path: repositoryConfigs.path,
      kind: repositoryConfigs.kind,
      detected: repositoryConfigs.detected,
      scannedAt: repositoryConfigs.scannedAt,
    })
    .from(repositoryConfigs)
    .where(and(eq(repositoryConfigs.tenantId, options.tenantId), eq(repositoryConfigs.repositoryId, options.repositoryId)))
    .orderBy(asc(repositoryConfigs.path));
}
