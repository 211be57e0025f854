import { sql } from "drizzle-orm";
import {
  bigint,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  type AnyPgColumn,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bigintRef, createdAt, id, timestamptz, updatedAt } from "./columns";
import { tenants, users } from "./core";
import { projects, tickets } from "./projects";
import { repositories } from "./repos";

export type AgentProvider = "claude" | "codex";
export type AgentMode = "plan" | "implement" | "bugfix" | "review";
export type AgentRunStatus = "queued" | "running" | "completed" | "failed" | "cancelled";
/** The limit that stopped a run before the agent finished; its work so far was kept (diff, draft pull request). */
export type RunStopReason = "turns" | "cost" | "time" | "budget" | "cancelled" | "stuck" | "no_finish";

export const agentRuns = pgTable(
  "agent_runs",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    projectId: bigintRef("project_id").references(() => projects.id, { onDelete: "set null" }),
    ticketId: bigintRef("ticket_id").references(() => tickets.id, { onDelete: "set null" }),
    parentRunId: bigintRef("parent_run_id").references((): AnyPgColumn => agentRuns.id, { onDelete: "cascade" }),
    orchestrationMode: text("orchestration_mode").$type<"parallel" | "sequential">(),
    /** A multi-repo parent run: the feature whose repositories it fans out to. */
    featureId: bigint("feature_id", { mode: "number" }),
    provider: text("provider").$type<AgentProvider>().notNull(),
    model: text("model").notNull(),
    mode: text("mode").$type<AgentMode>().notNull(),
    status: text("status").$type<AgentRunStatus>().notNull().default("queued"),
    executor: text("executor").$type<"local" | "kubernetes">().notNull().default("local"),
    /** Set for the kubernetes executor; a plain id so deleting a cluster keeps run history. */
    clusterId: bigint("cluster_id", { mode: "number" }),
    prompt: text("prompt").notNull(),
    resolvedPrompt: text("resolved_prompt"),
    summary: text("summary"),
    error: text("error"),
    branchName: text("branch_name"),
    prUrl: text("pr_url"),
    prNumber: integer("pr_number"),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
    /** Prompt tokens written to the provider's cache (priced above input) and read from it (priced far below). */
    cacheWriteTokens: bigint("cache_write_tokens", { mode: "number" }).notNull().default(0),
    cacheReadTokens: bigint("cache_read_tokens", { mode: "number" }).notNull().default(0),
    /** Of the output tokens, those spent reasoning (OpenAI's reasoning tokens); shown apart, priced as output. */
    reasoningTokens: bigint("reasoning_tokens", { mode: "number" }).notNull().default(0),
    /** Cost in millionths of a US dollar, to keep money out of floating point. */
    costMicroUsd: bigint("cost_micro_usd", { mode: "number" }).notNull().default(0),
    /** The highest `agent_events.seq` written; the next event takes seq + 1 under the row lock. */
    lastEventSeq: integer("last_event_seq").notNull().default(0),
    createdBy: bigintRef("created_by").references(() => users.id, { onDelete: "set null" }),
    startedAt: timestamptz("started_at"),
    finishedAt: timestamptz("finished_at"),
    /** Per-run caps; null → the environment's default (`AGENT_MAX_TURNS`, `AGENT_MAX_COST_USD`, `AGENT_RUN_TIMEOUT_SECONDS`). */
    maxTurns: integer("max_turns"),
    maxCostMicroUsd: bigint("max_cost_micro_usd", { mode: "number" }),
    maxSeconds: integer("max_seconds"),
    /** Set when a limit stopped the run; the run ended `failed` (or `cancelled` for a cancel that kept the work). */
    stopReason: text("stop_reason").$type<RunStopReason>(),
    /** A user asked to stop the run keeping its work: the worker stops, stores the diff, pushes a draft PR. */
    stopRequestedAt: timestamptz("stop_requested_at"),
    /** SHA-256 of the run-scoped token a Kubernetes pod reports with; null for local runs. */
    runTokenHash: text("run_token_hash"),
    /** Refreshed by the worker while it runs; a stale heartbeat marks a run whose worker died. */
    heartbeatAt: timestamptz("heartbeat_at"),
    /** The pg-boss job that starts this queued run; null until it is sent (a sequential step waits for the one before). */
    dispatchJobId: uuid("dispatch_job_id"),
    /** Times the sweeper sent a new dispatch after the last one was lost (a worker died holding it): at most once. */
    redispatchCount: integer("redispatch_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("agent_runs_tenant_id_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "agent_runs_tenant_project_id_fkey",
      columns: [t.tenantId, t.projectId],
      foreignColumns: [projects.tenantId, projects.id],
    }),
    foreignKey({
      name: "agent_runs_tenant_ticket_id_fkey",
      columns: [t.tenantId, t.ticketId],
      foreignColumns: [tickets.tenantId, tickets.id],
    }),
    foreignKey({
      name: "agent_runs_tenant_parent_run_id_fkey",
      columns: [t.tenantId, t.parentRunId],
      foreignColumns: [t.tenantId, t.id],
    }),
    index("agent_runs_tenant_status_idx").on(t.tenantId, t.status),
    index("agent_runs_project_idx").on(t.projectId),
    index("agent_runs_ticket_idx").on(t.ticketId),
    index("agent_runs_parent_run_idx").on(t.parentRunId),
    index("agent_runs_created_by_idx").on(t.createdBy),
    // The sweeper's scan for queued runs whose dispatch was lost, across tenants.
    index("agent_runs_queued_idx")
      .on(t.updatedAt)
      .where(sql`status = 'queued'`),
  ],
);

export const agentEvents = pgTable(
  "agent_events",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    runId: bigintRef("run_id")
      .notNull()
      .references(() => agentRuns.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    payload: jsonb("payload")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "agent_events_tenant_run_id_fkey",
      columns: [t.tenantId, t.runId],
      foreignColumns: [agentRuns.tenantId, agentRuns.id],
    }),
    uniqueIndex("agent_events_run_seq_key").on(t.runId, t.seq),
    index("agent_events_tenant_idx").on(t.tenantId),
  ],
);

export const agentRunRepos = pgTable(
  "agent_run_repos",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    runId: bigintRef("run_id")
      .notNull()
      .references(() => agentRuns.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    branchName: text("branch_name"),
    baseBranch: text("base_branch"),
    prNumber: integer("pr_number"),
    prUrl: text("pr_url"),
    prState: text("pr_state"),
    /** The pull request's `updated_at` in the event that set `prState`: older events are ignored. */
    prUpdatedAt: timestamptz("pr_updated_at"),
    /** The head commit's combined check status from GitHub (pending, success, failure). */
    checksStatus: text("checks_status"),
    headSha: text("head_sha"),
    status: text("status").notNull().default("pending"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "agent_run_repos_tenant_run_id_fkey",
      columns: [t.tenantId, t.runId],
      foreignColumns: [agentRuns.tenantId, agentRuns.id],
    }),
    foreignKey({
      name: "agent_run_repos_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    uniqueIndex("agent_run_repos_run_repository_key").on(t.runId, t.repositoryId),
    index("agent_run_repos_tenant_idx").on(t.tenantId),
    index("agent_run_repos_repository_idx").on(t.repositoryId),
  ],
);

export const codeDiffs = pgTable(
  "code_diffs",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    runId: bigintRef("run_id")
      .notNull()
      .references(() => agentRuns.id, { onDelete: "cascade" }),
    repositoryId: bigintRef("repository_id").references(() => repositories.id, { onDelete: "set null" }),
    filePath: text("file_path").notNull(),
    changeType: text("change_type").$type<"added" | "modified" | "deleted" | "renamed">().notNull(),
    diff: text("diff").notNull(),
    additions: integer("additions").notNull().default(0),
    deletions: integer("deletions").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "code_diffs_tenant_run_id_fkey",
      columns: [t.tenantId, t.runId],
      foreignColumns: [agentRuns.tenantId, agentRuns.id],
    }),
    foreignKey({
      name: "code_diffs_tenant_repository_id_fkey",
      columns: [t.tenantId, t.repositoryId],
      foreignColumns: [repositories.tenantId, repositories.id],
    }),
    index("code_diffs_tenant_idx").on(t.tenantId),
    index("code_diffs_run_idx").on(t.runId),
    index("code_diffs_repository_idx").on(t.repositoryId),
  ],
);

export const images = pgTable(
  "images",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    runId: bigintRef("run_id").references(() => agentRuns.id, { onDelete: "set null" }),
    uploadedBy: bigintRef("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    storageKey: text("storage_key").notNull(),
    contentType: text("content_type").notNull(),
    byteSize: integer("byte_size").notNull(),
    filename: text("filename"),
    sha256: text("sha256").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "images_tenant_run_id_fkey",
      columns: [t.tenantId, t.runId],
      foreignColumns: [agentRuns.tenantId, agentRuns.id],
    }),
    uniqueIndex("images_storage_key_key").on(t.storageKey),
    index("images_tenant_idx").on(t.tenantId),
    index("images_run_idx").on(t.runId),
    index("images_uploaded_by_idx").on(t.uploadedBy),
  ],
);

/** The four sections of a compaction summary, as the summariser wrote them (`null` for one it left out). */
export type CompactionSections = { task: string | null; done: string | null; pending: string | null; codeState: string | null };

/**
 * A span of a run's conversation to be summarised by the `agent-run.compact` job.
 * The text lives here, not in the job's payload (ids only): it may be large and
 * is masked against the run's env var values before it is stored.
 */
export const agentRunCompactions = pgTable(
  "agent_run_compactions",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    runId: bigintRef("run_id")
      .notNull()
      .references(() => agentRuns.id, { onDelete: "cascade" }),
    /** The pg-boss job that writes the summary: the waiting loop reads its state to see a final failure. */
    jobId: uuid("job_id").notNull(),
    status: text("status").$type<"pending" | "done" | "failed">().notNull().default("pending"),
    task: text("task").notNull(),
    previousSummary: text("previous_summary"),
    /** The span being replaced, rendered as text for the summariser. */
    transcript: text("transcript").notNull(),
    summary: text("summary"),
    sections: jsonb("sections").$type<CompactionSections>(),
    /** Attempts that failed; pg-boss retries the job until its retry limit. */
    failedAttempts: integer("failed_attempts").notNull().default(0),
    error: text("error"),
    createdAt: createdAt(),
    finishedAt: timestamptz("finished_at"),
  },
  (t) => [
    foreignKey({
      name: "agent_run_compactions_tenant_run_id_fkey",
      columns: [t.tenantId, t.runId],
      foreignColumns: [agentRuns.tenantId, agentRuns.id],
    }),
    index("agent_run_compactions_run_idx").on(t.runId),
    index("agent_run_compactions_tenant_idx").on(t.tenantId),
  ],
);

export type AgentRun = typeof agentRuns.$inferSelect;
