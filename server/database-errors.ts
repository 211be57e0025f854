import { AppError, postgresErrorOf } from "./errors";

/** What a person is told when a write collides with a unique index, by the index's name. */
const UNIQUE_MESSAGES: Record<string, string> = {
  features_tenant_name_key: "A feature with this name already exists.",
  feature_aliases_tenant_alias_key: "Another feature already has this alias.",
  feature_repository_map_feature_repository_key: "This repository is already mapped to the feature.",
  projects_tenant_key_key: "A project with this key already exists.",
  k8s_clusters_tenant_name_key: "A cluster with this name is already registered.",
  domains_tenant_domain_key: "This workspace has already added this domain.",
  invitations_tenant_login_pending_key: "This login already has a pending invitation.",
  tool_definitions_tenant_name_key: "A tool with this name already exists.",
  default_agent_tools_tenant_provider_tool_key: "This tool is already allowed for the provider.",
  default_agent_instructions_tenant_provider_key: "This provider already has default instructions.",
  repositories_tenant_connector_full_name_key: "This repository is already connected.",
  project_repositories_project_repository_role_key: "This repository is already linked to the project in that role.",
  repository_aliases_tenant_alias_key: "Another repository already has this alias.",
  env_vars_set_key_key: "This variable is already in the set.",
  project_budgets_project_key: "This project already has a budget.",
  user_roles_tenant_user_role_key: "This member already has that role.",
  agent_events_run_seq_key: "This event of the run is already recorded.",
  agent_run_repos_run_repository_key: "This repository is already part of the run.",
  api_keys_key_hash_key: "This API key already exists; create another.",
  commit_checks_repository_sha_source_key: "This commit already has a check from that source.",
  domains_domain_verified_key: "Another workspace has already verified this domain.",
  images_storage_key_key: "This image is already stored; upload it again.",
  invitations_token_hash_key: "This invitation link already exists; invite again.",
  model_prices_tenant_model_key: "This model already has a price.",
  outbound_allowlist_tenant_host_key: "This host is already allowed.",
  repository_configs_repository_path_key: "This repository already has a config at this path.",
  roles_tenant_key_key: "This workspace already has that role.",
  sessions_token_hash_key: "This session already exists; sign in again.",
  tenants_slug_key: "A workspace with this address already exists.",
  tickets_board_column_rank_key: "Another ticket took this place at the same moment; try again.",
  tickets_project_number_key: "Another ticket took this number at the same moment; try again.",
  user_connections_provider_id_key: "This GitHub account is already linked to another user.",
  user_connections_user_provider_key: "This user already has an account with that provider linked.",
  webhook_deliveries_webhook_delivery_key: "This delivery was already received.",
};

/** What a person is told when a write breaks a check constraint, by its name (none yet). */
const CHECK_MESSAGES: Record<string, string> = {};

/**
 * Each table's name in words (one, many), for the messages of its foreign keys:
 * "Repository does not exist.", "This connector is still in use by repositories."
 */
const TABLE_NOUNS: Record<string, readonly [string, string]> = {
  agent_events: ["agent event", "agent events"],
  agent_run_compactions: ["run compaction", "run compactions"],
  agent_run_repos: ["run repository", "run repositories"],
  agent_runs: ["agent run", "agent runs"],
  api_keys: ["API key", "API keys"],
  audit_log: ["audit entry", "audit entries"],
  board_events: ["board event", "board events"],
  boards: ["board", "boards"],
  build_pipelines: ["build pipeline", "build pipelines"],
  code_diffs: ["code diff", "code diffs"],
  commit_checks: ["commit check", "commit checks"],
  connectors: ["connector", "connectors"],
  custom_instructions: ["custom instruction", "custom instructions"],
  default_agent_instructions: ["default instruction", "default instructions"],
  default_agent_tools: ["allowed tool", "allowed tools"],
  deployment_steps: ["deployment step", "deployment steps"],
  deployment_targets: ["deployment target", "deployment targets"],
  deployments: ["deployment", "deployments"],
  domains: ["domain", "domains"],
  env_var_sets: ["variable set", "variable sets"],
  env_vars: ["variable", "variables"],
  feature_aliases: ["feature alias", "feature aliases"],
  feature_repository_map: ["feature's repository", "features' repositories"],
  features: ["feature", "features"],
  hook_deliveries: ["hook delivery", "hook deliveries"],
  hooks: ["hook", "hooks"],
  images: ["image", "images"],
  invitations: ["invitation", "invitations"],
  k8s_clusters: ["cluster", "clusters"],
  model_prices: ["model price", "model prices"],
  outbound_allowlist: ["allowed host", "allowed hosts"],
  pipeline_runs: ["pipeline run", "pipeline runs"],
  preview_deployments: ["preview deployment", "preview deployments"],
  project_budgets: ["project budget", "project budgets"],
  project_repositories: ["project's repository", "projects' repositories"],
  projects: ["project", "projects"],
  repositories: ["repository", "repositories"],
  repository_aliases: ["repository alias", "repository aliases"],
  repository_configs: ["repository config", "repository configs"],
  roles: ["role", "roles"],
  sandbox_logs: ["sandbox log", "sandbox logs"],
  sandboxes: ["sandbox", "sandboxes"],
  sessions: ["session", "sessions"],
  tenants: ["workspace", "workspaces"],
  ticket_activity: ["ticket activity", "ticket activity"],
  ticket_comments: ["comment", "comments"],
  tickets: ["ticket", "tickets"],
  tool_definitions: ["tool", "tools"],
  user_connections: ["linked account", "linked accounts"],
  user_roles: ["membership", "memberships"],
  users: ["user", "users"],
  webhook_deliveries: ["webhook delivery", "webhook deliveries"],
  webhooks: ["webhook", "webhooks"],
  workspace_events: ["workspace event", "workspace events"],
};

/** A primary key or the `(tenant_id, id)` key composite foreign keys point at: ids we make, never a person's input. */
export function isIdentityKey(name: string) {
  return /(_pkey|_tenant_id_id_key)$/.test(name);
}

/** The message for a unique index, unique or exclusion constraint; every one in the database has one (tested). */
export function uniqueMessageOf(name: string): string | undefined {
  return UNIQUE_MESSAGES[name] ?? (isIdentityKey(name) ? "This record already exists; try again." : undefined);
}

/** The message for a check constraint; every one in the database has one (tested). */
export function checkMessageOf(name: string): string | undefined {
  return CHECK_MESSAGES[name];
}

/** A table's name in words (one, many); every table a foreign key joins has one (tested). */
export function tableNounsOf(table: string): readonly [string, string] | undefined {
  return TABLE_NOUNS[table];
}

/** `agent_runs` → "agent run", from the table of nouns, else guessed from the name. */
function nounOf(table: string, count: "one" | "many") {
  const known = TABLE_NOUNS[table];
  if (known) return count === "one" ? known[0] : known[1];
  const words = table.replaceAll("_", " ");
  return count === "one" ? words.replace(/ies$/, "y").replace(/s$/, "") : words;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The column names a unique violation's detail reports, without the tenant (`Key (tenant_id, name)=…`). */
function keyColumnsOf(detail: string | undefined) {
  const columns = /^Key \(([^)]*)\)/.exec(detail ?? "")?.[1]?.split(", ") ?? [];
  return columns.filter((column) => column !== "tenant_id").map((column) => column.replaceAll("_", " "));
}

/**
 * The AppError a database failure means for the person who caused it: a
 * duplicate is a conflict, a reference to nothing or a value out of range is
 * bad input, a lost serialization race asks to try again. Undefined for a
 * failure that is ours (it stays a 500 and is logged).
 */
export function appErrorOfDatabase(error: unknown): AppError | undefined {
  const postgres = postgresErrorOf(error) as
    { code?: string; constraint_name?: string; detail?: string; message?: string; table_name?: string } | undefined;
  if (!postgres?.code) return undefined;
  switch (postgres.code) {
    case "23505":
    case "23P01": {
      const known = postgres.constraint_name && uniqueMessageOf(postgres.constraint_name);
      const columns = keyColumnsOf(postgres.detail);
      return new AppError(
        "CONFLICT",
        known || (columns.length ? `Another record with this ${columns.join(" and ")} already exists.` : "This already exists."),
      );
    }
    case "23503":
    case "23001": {
      const missing = /is not present in table "([a-z0-9_]+)"/.exec(postgres.detail ?? "")?.[1];
      if (missing) return new AppError("BAD_REQUEST", `${capitalized(nounOf(missing, "one"))} does not exist.`);
      // A refused delete: the message names the row's table, the detail the one that still points at it.
      const deleted = /^update or delete on table "([a-z0-9_]+)"/.exec(postgres.message ?? "")?.[1];
      const referencing = /referenced from table "([a-z0-9_]+)"/.exec(postgres.detail ?? "")?.[1];
      const what = deleted ? `This ${nounOf(deleted, "one")}` : "This";
      return new AppError("CONFLICT", `${what} is still in use${referencing ? ` by ${nounOf(referencing, "many")}` : ""}.`);
    }
    case "23514": {
      const known = postgres.constraint_name && checkMessageOf(postgres.constraint_name);
      return new AppError("BAD_REQUEST", known || "A value is not allowed.");
    }
    case "23502":
      return new AppError("BAD_REQUEST", "A value is missing or not allowed.");
    case "22P02":
    case "22P05":
    case "22021":
    case "22007":
    case "22008":
      return new AppError("BAD_REQUEST", "A value is not in a form that can be stored.");
    case "22001":
    case "54000":
      return new AppError("BAD_REQUEST", "A value is too long.");
    case "22003":
      return new AppError("BAD_REQUEST", "A number is out of range.");
    case "40001":
    case "40P01":
      return new AppError("CONFLICT", "Someone else changed this at the same moment; try again.");
    default:
      return undefined;
  }
}
