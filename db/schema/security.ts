import { sql } from "drizzle-orm";
import { bigint, foreignKey, index, integer, jsonb, pgTable, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { bigintRef, createdAt, id, timestamptz, updatedAt } from "./columns";
import { tenants, users } from "./core";
import type { AgentProvider } from "./agents";
import { projects } from "./projects";
import { repositories } from "./repos";

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: bigintRef("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The first characters of the key (`al_ab12cd`), shown so people can tell keys apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key; the key itself is shown once and never stored. */
    keyHash: text("key_hash").notNull(),
    scopes: jsonb("scopes")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    lastUsedAt: timestamptz("last_used_at"),
    expiresAt: timestamptz("expires_at"),
    revokedAt: timestamptz("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("api_keys_tenant_id_id_key").on(t.tenantId, t.id),
    uniqueIndex("api_keys_key_hash_key").on(t.keyHash),
    index("api_keys_tenant_idx").on(t.tenantId),
    index("api_keys_user_idx").on(t.userId),
  ],
);

export const envVarSets = pgTable(
  "env_var_sets",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    scope: text("scope").$type<"project" | "repository">().notNull(),
    projectId: bigintRef("project_id").references(() => projects.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id").references(() => repositories.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("env_var_sets_tenant_id_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "env_var_sets_tenant_project_id_fkey",
      columns: [t.tenantId, t.projectId],
      foreignColumns: [projects.tenantId, projects.id],
    }),
    foreignKey({
      name: "env_var_sets_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    index("env_var_sets_tenant_idx").on(t.tenantId),
    index("env_var_sets_project_idx").on(t.projectId),
    index("env_var_sets_repository_idx").on(t.repositoryId),
  ],
);

export const envVars = pgTable(
  "env_vars",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    setId: bigintRef("set_id")
      .notNull()
      .references(() => envVarSets.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    valueCiphertext: text("value_ciphertext").notNull(),
    valueKeyId: text("value_key_id").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "env_vars_tenant_set_id_fkey",
      columns: [t.tenantId, t.setId],
      foreignColumns: [envVarSets.tenantId, envVarSets.id],
    }),
    uniqueIndex("env_vars_set_key_key").on(t.setId, t.key),
    index("env_vars_tenant_idx").on(t.tenantId),
  ],
);

export const projectBudgets = pgTable(
  "project_budgets",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    projectId: bigintRef("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    monthlyLimitMicroUsd: bigint("monthly_limit_micro_usd", { mode: "number" }).notNull(),
    perRunLimitMicroUsd: bigint("per_run_limit_micro_usd", { mode: "number" }),
    warnAtPercent: integer("warn_at_percent").notNull().default(80),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "project_budgets_tenant_project_id_fkey",
      columns: [t.tenantId, t.projectId],
      foreignColumns: [projects.tenantId, projects.id],
    }),
    uniqueIndex("project_budgets_project_key").on(t.projectId),
    index("project_budgets_tenant_idx").on(t.tenantId),
  ],
);

/**
 * A workspace's own price for a model (US dollars per million tokens, stored in
 * millionths): a self-hosted or new model the catalog cannot price, or a
 * negotiated rate. It wins over the catalog; a model priced by neither is refused.
 */
export const modelPrices = pgTable(
  "model_prices",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    provider: text("provider").$type<AgentProvider>().notNull(),
    model: text("model").notNull(),
    inputMicroUsdPerMtok: bigint("input_micro_usd_per_mtok", { mode: "number" }).notNull(),
    cacheWriteMicroUsdPerMtok: bigint("cache_write_micro_usd_per_mtok", { mode: "number" }).notNull(),
    cacheReadMicroUsdPerMtok: bigint("cache_read_micro_usd_per_mtok", { mode: "number" }).notNull(),
    outputMicroUsdPerMtok: bigint("output_micro_usd_per_mtok", { mode: "number" }).notNull(),
    updatedBy: bigintRef("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("model_prices_tenant_model_key").on(t.tenantId, t.provider, t.model)],
);

/** Append-only: the app has no code path that updates or deletes these rows. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    actorUserId: bigintRef("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorApiKeyId: bigintRef("actor_api_key_id").references(() => apiKeys.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    before: jsonb("before").$type<Record<string, unknown>>(),
    after: jsonb("after").$type<Record<string, unknown>>(),
    requestId: text("request_id"),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "audit_log_tenant_actor_api_key_id_fkey",
      columns: [t.tenantId, t.actorApiKeyId],
      foreignColumns: [apiKeys.tenantId, apiKeys.id],
    }),
    index("audit_log_tenant_created_idx").on(t.tenantId, t.createdAt),
    index("audit_log_actor_user_idx").on(t.actorUserId),
    index("audit_log_actor_api_key_idx").on(t.actorApiKeyId),
  ],
);

/** Hosts an admin lets hooks and custom tools reach although they resolve to private addresses. */
export const outboundAllowlist = pgTable(
  "outbound_allowlist",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** A host name or an IP literal, lower-case, without port or brackets. */
    host: text("host").notNull(),
    createdBy: bigintRef("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("outbound_allowlist_tenant_host_key").on(t.tenantId, t.host)],
);
