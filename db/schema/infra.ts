import { sql } from "drizzle-orm";
import { foreignKey, index, integer, jsonb, pgTable, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { agentRuns } from "./agents";
import { bigintRef, createdAt, id, timestamptz, updatedAt } from "./columns";
import { tenants, users } from "./core";
import { projects, tickets } from "./projects";
import { repositories } from "./repos";

export const k8sClusters = pgTable(
  "k8s_clusters",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** AES-256-GCM ciphertext of the kubeconfig; never written to disk decrypted. */
    kubeconfigCiphertext: text("kubeconfig_ciphertext").notNull(),
    kubeconfigKeyId: text("kubeconfig_key_id").notNull(),
    serverUrl: text("server_url"),
    serverVersion: text("server_version"),
    status: text("status").$type<"pending" | "ready" | "error">().notNull().default("pending"),
    namespace: text("namespace"),
    lastSyncedAt: timestamptz("last_synced_at"),
    syncInfo: jsonb("sync_info")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdBy: bigintRef("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("k8s_clusters_tenant_id_id_key").on(t.tenantId, t.id),
    uniqueIndex("k8s_clusters_tenant_name_key").on(t.tenantId, t.name),
    index("k8s_clusters_created_by_idx").on(t.createdBy),
  ],
);

export const sandboxes = pgTable(
  "sandboxes",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    clusterId: bigintRef("cluster_id")
      .notNull()
      .references(() => k8sClusters.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id").references(() => repositories.id, { onDelete: "set null" }),
    branch: text("branch"),
    podName: text("pod_name"),
    namespace: text("namespace"),
    status: text("status").notNull().default("pending"),
    createdBy: bigintRef("created_by").references(() => users.id, { onDelete: "set null" }),
    destroyedAt: timestamptz("destroyed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("sandboxes_tenant_id_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "sandboxes_tenant_cluster_id_fkey",
      columns: [t.tenantId, t.clusterId],
      foreignColumns: [k8sClusters.tenantId, k8sClusters.id],
    }),
    foreignKey({
      name: "sandboxes_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    index("sandboxes_tenant_idx").on(t.tenantId),
    index("sandboxes_cluster_idx").on(t.clusterId),
    index("sandboxes_repository_idx").on(t.repositoryId),
    index("sandboxes_created_by_idx").on(t.createdBy),
  ],
);

export const sandboxLogs = pgTable(
  "sandbox_logs",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    sandboxId: bigintRef("sandbox_id")
      .notNull()
      .references(() => sandboxes.id, { onDelete: "cascade" }),
    stream: text("stream").notNull().default("stdout"),
    line: text("line").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "sandbox_logs_tenant_sandbox_id_fkey",
      columns: [t.tenantId, t.sandboxId],
      foreignColumns: [sandboxes.tenantId, sandboxes.id],
    }),
    index("sandbox_logs_tenant_idx").on(t.tenantId),
    index("sandbox_logs_sandbox_idx").on(t.sandboxId, t.id),
  ],
);

export const previewDeployments = pgTable(
  "preview_deployments",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    clusterId: bigintRef("cluster_id")
      .notNull()
      .references(() => k8sClusters.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id").references(() => repositories.id, { onDelete: "set null" }),
    runId: bigintRef("run_id").references(() => agentRuns.id, { onDelete: "set null" }),
    ticketId: bigintRef("ticket_id").references(() => tickets.id, { onDelete: "set null" }),
    branch: text("branch").notNull(),
    host: text("host").notNull(),
    status: text("status").notNull().default("pending"),
    deploymentName: text("deployment_name"),
    namespace: text("namespace"),
    url: text("url"),
    error: text("error"),
    destroyedAt: timestamptz("destroyed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("preview_deployments_tenant_id_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "preview_deployments_tenant_cluster_id_fkey",
      columns: [t.tenantId, t.clusterId],
      foreignColumns: [k8sClusters.tenantId, k8sClusters.id],
    }),
    foreignKey({
      name: "preview_deployments_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    foreignKey({
      name: "preview_deployments_tenant_run_id_fkey",
      columns: [t.tenantId, t.runId],
      foreignColumns: [agentRuns.tenantId, agentRuns.id],
    }),
    foreignKey({
      name: "preview_deployments_tenant_ticket_id_fkey",
      columns: [t.tenantId, t.ticketId],
      foreignColumns: [tickets.tenantId, tickets.id],
    }),
    index("preview_deployments_tenant_idx").on(t.tenantId),
    index("preview_deployments_cluster_idx").on(t.clusterId),
    index("preview_deployments_repository_branch_idx").on(t.repositoryId, t.branch),
    index("preview_deployments_run_idx").on(t.runId),
    index("preview_deployments_ticket_idx").on(t.ticketId),
  ],
);

export const domains = pgTable(
  "domains",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    previewDeploymentId: bigintRef("preview_deployment_id").references(() => previewDeployments.id, { onDelete: "set null" }),
    domain: text("domain").notNull(),
    /** `pending` until proven (DNS TXT or the preview base domain); only `verified` domains are routed. */
    status: text("status").$type<"pending" | "verified">().notNull().default("pending"),
    /** What the TXT record `_assembly-lime-challenge.<domain>` must hold to prove this claim. */
    verificationToken: text("verification_token")
      .notNull()
      .default(sql`replace(gen_random_uuid()::text, '-', '')`),
    verifiedAt: timestamptz("verified_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "domains_tenant_preview_deployment_id_fkey",
      columns: [t.tenantId, t.previewDeploymentId],
      foreignColumns: [previewDeployments.tenantId, previewDeployments.id],
    }),
    // Claims are per workspace; only one workspace holds a domain verified (the first to prove it).
    uniqueIndex("domains_tenant_domain_key").on(t.tenantId, t.domain),
    uniqueIndex("domains_domain_verified_key")
      .on(t.domain)
      .where(sql`${t.status} = 'verified'`),
    index("domains_tenant_idx").on(t.tenantId),
    index("domains_preview_deployment_idx").on(t.previewDeploymentId),
  ],
);

export const buildPipelines = pgTable(
  "build_pipelines",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    provider: text("provider").notNull().default("github_actions"),
    workflowPath: text("workflow_path"),
    config: jsonb("config")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("build_pipelines_tenant_id_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "build_pipelines_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    index("build_pipelines_tenant_idx").on(t.tenantId),
    index("build_pipelines_repository_idx").on(t.repositoryId),
  ],
);

export const pipelineRuns = pgTable(
  "pipeline_runs",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    pipelineId: bigintRef("pipeline_id")
      .notNull()
      .references(() => buildPipelines.id, { onDelete: "cascade" }),
    externalId: text("external_id"),
    status: text("status").notNull().default("queued"),
    conclusion: text("conclusion"),
    headSha: text("head_sha"),
    branch: text("branch"),
    url: text("url"),
    startedAt: timestamptz("started_at"),
    finishedAt: timestamptz("finished_at"),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "pipeline_runs_tenant_pipeline_id_fkey",
      columns: [t.tenantId, t.pipelineId],
      foreignColumns: [buildPipelines.tenantId, buildPipelines.id],
    }),
    index("pipeline_runs_tenant_idx").on(t.tenantId),
    index("pipeline_runs_pipeline_idx").on(t.pipelineId),
  ],
);

export const deploymentTargets = pgTable(
  "deployment_targets",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    projectId: bigintRef("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    clusterId: bigintRef("cluster_id").references(() => k8sClusters.id, { onDelete: "set null" }),
    config: jsonb("config")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("deployment_targets_tenant_id_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "deployment_targets_tenant_project_id_fkey",
      columns: [t.tenantId, t.projectId],
      foreignColumns: [projects.tenantId, projects.id],
    }),
    foreignKey({
      name: "deployment_targets_tenant_cluster_id_fkey",
      columns: [t.tenantId, t.clusterId],
      foreignColumns: [k8sClusters.tenantId, k8sClusters.id],
    }),
    index("deployment_targets_tenant_idx").on(t.tenantId),
    index("deployment_targets_project_idx").on(t.projectId),
    index("deployment_targets_cluster_idx").on(t.clusterId),
  ],
);

export const deployments = pgTable(
  "deployments",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    targetId: bigintRef("target_id")
      .notNull()
      .references(() => deploymentTargets.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id").references(() => repositories.id, { onDelete: "set null" }),
    ref: text("ref").notNull(),
    status: text("status").notNull().default("pending"),
    startedAt: timestamptz("started_at"),
    finishedAt: timestamptz("finished_at"),
    createdBy: bigintRef("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("deployments_tenant_id_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "deployments_tenant_target_id_fkey",
      columns: [t.tenantId, t.targetId],
      foreignColumns: [deploymentTargets.tenantId, deploymentTargets.id],
    }),
    foreignKey({
      name: "deployments_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    index("deployments_tenant_idx").on(t.tenantId),
    index("deployments_target_idx").on(t.targetId),
    index("deployments_repository_idx").on(t.repositoryId),
    index("deployments_created_by_idx").on(t.createdBy),
  ],
);

export const deploymentSteps = pgTable(
  "deployment_steps",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    deploymentId: bigintRef("deployment_id")
      .notNull()
      .references(() => deployments.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    status: text("status").notNull().default("pending"),
    log: text("log").notNull().default(""),
    startedAt: timestamptz("started_at"),
    finishedAt: timestamptz("finished_at"),
  },
  (t) => [
    foreignKey({
      name: "deployment_steps_tenant_deployment_id_fkey",
      columns: [t.tenantId, t.deploymentId],
      foreignColumns: [deployments.tenantId, deployments.id],
    }),
    index("deployment_steps_tenant_idx").on(t.tenantId),
    index("deployment_steps_deployment_idx").on(t.deploymentId, t.position),
  ],
);
