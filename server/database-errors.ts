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
};

/** `agent_runs` → "Agent run", `repositories` → "Repository". */
function entityOf(table: string) {
  const words = table.replace(/ies$/, "y").replace(/s$/, "").replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

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
    case "23505": {
      const known = postgres.constraint_name && UNIQUE_MESSAGES[postgres.constraint_name];
      const columns = keyColumnsOf(postgres.detail);
      return new AppError(
        "CONFLICT",
        known || (columns.length ? `Another record with this ${columns.join(" and ")} already exists.` : "This already exists."),
      );
    }
    case "23503": {
      const referenced = /is not present in table "([a-z_]+)"/.exec(postgres.detail ?? "")?.[1];
      if (referenced) return new AppError("BAD_REQUEST", `${entityOf(referenced)} does not exist.`);
      const referencing = /is still referenced from table "([a-z_]+)"/.exec(postgres.detail ?? "")?.[1];
      const what = postgres.table_name ? `This ${entityOf(postgres.table_name).toLowerCase()}` : "This";
      return new AppError("CONFLICT", `${what} is still in use${referencing ? ` by ${referencing.replaceAll("_", " ")}` : ""}.`);
    }
    case "23502":
    case "23514":
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
