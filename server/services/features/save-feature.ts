import { and, eq, inArray } from "drizzle-orm";
import { db } from "../../../db/client";
import { featureAliases, featureRepositoryMap, features, projects, repositories } from "../../../db/schema";
import { AppError, notFound } from "../../errors";

export type FeatureInput = {
  name: string;
  description: string;
  projectId: number | null;
  repositories: Array<{ repositoryId: number; relativeImpact: number }>;
  aliases: string[];
};

const searchTextOf = (input: Pick<FeatureInput, "name" | "description" | "aliases">) =>
  [input.name, input.description, ...input.aliases].join(" ").toLowerCase();

async function assertOwned(tenantId: number, input: Pick<FeatureInput, "projectId" | "repositories">) {
  if (input.projectId) {
    const [project] = await db
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, input.projectId), eq(projects.tenantId, tenantId)));
    if (!project) throw notFound("Project");
  }
  const ids = [...new Set(input.repositories.map((repo) => repo.repositoryId))];
  if (ids.length) {
    const found = await db
      .select({ id: repositories.id })
      .from(repositories)
      .where(and(eq(repositories.tenantId, tenantId), inArray(repositories.id, ids)));
    if (found.length !== ids.length) throw notFound("Repository");
  }
}

/** A feature and the repositories it spans (with their relative impact) plus aliases, replaced as a whole. */
export async function saveFeature(options: { tenantId: number; featureId?: number } & FeatureInput) {
  await assertOwned(options.tenantId, options);
  const aliases = [...new Set(options.aliases.map((alias) => alias.trim().toLowerCase()).filter(Boolean))];
  return db.transaction(async (tx) => {
    let featureId = options.featureId;
    const values = {
      name: options.name,
      description: options.description,
      projectId: options.projectId,
      searchText: searchTextOf({ ...options, aliases }),
    };
    if (featureId) {
      const [row] = await tx
        .update(features)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(features.id, featureId), eq(features.tenantId, options.tenantId)))
        .returning({ id: features.id });
      if (!row) throw notFound("Feature");
      await tx.delete(featureRepositoryMap).where(eq(featureRepositoryMap.featureId, featureId));
      await tx.delete(featureAliases).where(eq(featureAliases.featureId, featureId));
    } else {
      const [row] = await tx
        .insert(features)
        .values({ tenantId: options.tenantId, ...values })
        .onConflictDoNothing()
        .returning({ id: features.id });
      if (!row) throw new AppError("CONFLICT", `A feature named "${options.name}" already exists.`);
      featureId = row.id;
    }
    if (options.repositories.length)
      await tx
        .insert(featureRepositoryMap)
        .values(options.repositories.map((repo) => ({ tenantId: options.tenantId, featureId: featureId!, ...repo })));
    if (aliases.length) {
      const inserted = await tx
        .insert(featureAliases)
        .values(aliases.map((alias) => ({ tenantId: options.tenantId, featureId: featureId!, alias })))
        .onConflictDoNothing()
        .returning({ alias: featureAliases.alias });
      if (inserted.length !== aliases.length)
        throw new AppError("CONFLICT", "One of the aliases is already used by another feature.");
    }
    return { id: featureId };
  });
}
