import { foreignKey, index, pgTable, real, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { bigintRef, createdAt, id, updatedAt } from "./columns";
import { tenants } from "./core";
import { projects } from "./projects";
import { repositories } from "./repos";

/** A product feature and the repositories it spans, for multi-repo runs. */
export const features = pgTable(
  "features",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    projectId: bigintRef("project_id").references(() => projects.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Name, description and aliases lower-cased, for search. */
    searchText: text("search_text").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("features_tenant_id_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "features_tenant_project_id_fkey",
      columns: [t.tenantId, t.projectId],
      foreignColumns: [projects.tenantId, projects.id],
    }),
    uniqueIndex("features_tenant_name_key").on(t.tenantId, t.name),
    index("features_project_idx").on(t.projectId),
  ],
);

export const featureRepositoryMap = pgTable(
  "feature_repository_map",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    featureId: bigintRef("feature_id")
      .notNull()
      .references(() => features.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    /** 0–1: how much of the feature lives in this repository; orders sequential fan-out. */
    relativeImpact: real("relative_impact").notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "feature_repository_map_tenant_feature_id_fkey",
      columns: [t.tenantId, t.featureId],
      foreignColumns: [features.tenantId, features.id],
    }),
    foreignKey({
      name: "feature_repository_map_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    uniqueIndex("feature_repository_map_feature_repository_key").on(t.featureId, t.repositoryId),
    index("feature_repository_map_tenant_idx").on(t.tenantId),
    index("feature_repository_map_repository_idx").on(t.repositoryId),
  ],
);

export const featureAliases = pgTable(
  "feature_aliases",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    featureId: bigintRef("feature_id")
      .notNull()
      .references(() => features.id, { onDelete: "cascade" }),
    alias: text("alias").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "feature_aliases_tenant_feature_id_fkey",
      columns: [t.tenantId, t.featureId],
      foreignColumns: [features.tenantId, features.id],
    }),
    uniqueIndex("feature_aliases_tenant_alias_key").on(t.tenantId, t.alias),
    index("feature_aliases_feature_idx").on(t.featureId),
  ],
);
