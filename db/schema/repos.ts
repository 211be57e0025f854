import { sql } from "drizzle-orm";
import { bigint, boolean, foreignKey, index, jsonb, pgTable, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { bigintRef, createdAt, id, timestamptz, updatedAt } from "./columns";
import { tenants, users } from "./core";
import { projects } from "./projects";

export const connectors = pgTable(
  "connectors",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    provider: text("provider").$type<"github">().notNull().default("github"),
    kind: text("kind").$type<"oauth" | "pat">().notNull(),
    name: text("name").notNull(),
    accountLogin: text("account_login"),
    /** AES-256-GCM ciphertext; the key that sealed it is `token_key_id`. */
    tokenCiphertext: text("token_ciphertext").notNull(),
    tokenKeyId: text("token_key_id").notNull(),
    scopes: jsonb("scopes")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    status: text("status").$type<"active" | "revoked" | "invalid">().notNull().default("active"),
    revokedAt: timestamptz("revoked_at"),
    createdBy: bigintRef("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("connectors_tenant_id_id_key").on(t.tenantId, t.id),
    index("connectors_tenant_idx").on(t.tenantId),
    index("connectors_created_by_idx").on(t.createdBy),
  ],
);

export type ConfigScanStatus = "queued" | "scanning" | "done" | "failed";

export const repositories = pgTable(
  "repositories",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    // Restrict: a connector with imported repositories is revoked, not deleted, so runs keep their history.
    connectorId: bigintRef("connector_id")
      .notNull()
      .references(() => connectors.id, { onDelete: "restrict" }),
    owner: text("owner").notNull(),
    name: text("name").notNull(),
    fullName: text("full_name").notNull(),
    cloneUrl: text("clone_url").notNull(),
    defaultBranch: text("default_branch").notNull().default("main"),
    githubRepoId: bigint("github_repo_id", { mode: "number" }),
    isPrivate: boolean("is_private").notNull().default(false),
    /** Where the config scan stands; null for a repository imported before scans kept their state. */
    configScanStatus: text("config_scan_status").$type<ConfigScanStatus>(),
    /** Why the last scan failed, as a person can act on it (never a token or a URL with one). */
    configScanError: text("config_scan_error"),
    /** When a scan last finished. */
    configScannedAt: timestamptz("config_scanned_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("repositories_tenant_id_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "repositories_tenant_connector_id_fkey",
      columns: [t.tenantId, t.connectorId],
      foreignColumns: [connectors.tenantId, connectors.id],
    }),
    uniqueIndex("repositories_tenant_connector_full_name_key").on(t.tenantId, t.connectorId, t.fullName),
    index("repositories_connector_idx").on(t.connectorId),
  ],
);

export const webhooks = pgTable(
  "webhooks",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    githubHookId: bigint("github_hook_id", { mode: "number" }),
    secretCiphertext: text("secret_ciphertext").notNull(),
    secretKeyId: text("secret_key_id").notNull(),
    events: jsonb("events")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("webhooks_tenant_id_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "webhooks_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    index("webhooks_tenant_idx").on(t.tenantId),
    index("webhooks_repository_idx").on(t.repositoryId),
  ],
);

/**
 * GitHub deliveries received, one row per (webhook, delivery GUID): GitHub gives every webhook
 * subscribed to an event the same GUID, and a redelivery reuses it. A delivery is processed once;
 * a redelivery of one whose processing failed is processed again.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    tenantId: bigintRef("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    webhookId: bigintRef("webhook_id").references(() => webhooks.id, { onDelete: "cascade" }),
    deliveryId: text("delivery_id").notNull(),
    event: text("event").notNull(),
    status: text("status").$type<"queued" | "processed" | "failed">().notNull().default("processed"),
    lastError: text("last_error"),
    receivedAt: timestamptz("received_at").notNull().defaultNow(),
    processedAt: timestamptz("processed_at"),
  },
  (t) => [
    foreignKey({
      name: "webhook_deliveries_tenant_webhook_id_fkey",
      columns: [t.tenantId, t.webhookId],
      foreignColumns: [webhooks.tenantId, webhooks.id],
    }),
    uniqueIndex("webhook_deliveries_webhook_delivery_key").on(t.webhookId, t.deliveryId),
    index("webhook_deliveries_tenant_idx").on(t.tenantId),
  ],
);

/**
 * The latest state of each CI signal on a commit — a check (by app and name: a re-run is a new
 * check run that supersedes the old one, as GitHub's `filter=latest` does) or a commit status
 * (by context) — so the CI status shown is the aggregate of all of them, whatever order their
 * events arrive in.
 */
export const commitChecks = pgTable(
  "commit_checks",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    headSha: text("head_sha").notNull(),
    /** `check_run:<app id>/<name>` or `status:<context>`. */
    source: text("source").notNull(),
    /** The check run's or status's id: a higher id is a newer run of the same signal. */
    signalId: bigint("signal_id", { mode: "number" }).notNull(),
    state: text("state").$type<"pending" | "success" | "failure">().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "commit_checks_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    uniqueIndex("commit_checks_repository_sha_source_key").on(t.repositoryId, t.headSha, t.source),
  ],
);

export const projectRepositories = pgTable(
  "project_repositories",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    projectId: bigintRef("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    role: text("role").$type<"primary" | "uatBranch" | "prodBranch" | "secondary">().notNull().default("primary"),
    branch: text("branch"),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "project_repositories_tenant_project_id_fkey",
      columns: [t.tenantId, t.projectId],
      foreignColumns: [projects.tenantId, projects.id],
    }),
    foreignKey({
      name: "project_repositories_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    uniqueIndex("project_repositories_project_repository_role_key").on(t.projectId, t.repositoryId, t.role),
    index("project_repositories_tenant_idx").on(t.tenantId),
    index("project_repositories_repository_idx").on(t.repositoryId),
  ],
);

export const repositoryAliases = pgTable(
  "repository_aliases",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    alias: text("alias").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "repository_aliases_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    uniqueIndex("repository_aliases_tenant_alias_key").on(t.tenantId, t.alias),
    index("repository_aliases_repository_idx").on(t.repositoryId),
  ],
);

/** Config files found in a repository (package.json, Dockerfile, go.mod…). */
export const repositoryConfigs = pgTable(
  "repository_configs",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    kind: text("kind").notNull(),
    detected: jsonb("detected")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    contentSha: text("content_sha"),
    scannedAt: timestamptz("scanned_at").notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: "repository_configs_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    uniqueIndex("repository_configs_repository_path_key").on(t.repositoryId, t.path),
    index("repository_configs_tenant_idx").on(t.tenantId),
  ],
);
