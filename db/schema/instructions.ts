import { sql } from "drizzle-orm";
import { bigint, boolean, foreignKey, index, integer, jsonb, pgTable, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { bigintRef, createdAt, id, timestamptz, updatedAt } from "./columns";
import { tenants, users } from "./core";

/** The first instruction layer for every run of a provider in a tenant. */
export const defaultAgentInstructions = pgTable(
  "default_agent_instructions",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    instructions: text("instructions").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("default_agent_instructions_tenant_provider_key").on(t.tenantId, t.provider)],
);

/** Instructions scoped to the tenant, a project, a repository or a ticket; resolved in that order. */
export const customInstructions = pgTable(
  "custom_instructions",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    scope: text("scope").$type<"tenant" | "project" | "repository" | "ticket">().notNull(),
    /** The project, repository or ticket id; null for tenant scope. */
    scopeId: bigint("scope_id", { mode: "number" }),
    title: text("title").notNull(),
    instructions: text("instructions").notNull(),
    priority: integer("priority").notNull().default(0),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("custom_instructions_tenant_scope_idx").on(t.tenantId, t.scope, t.scopeId)],
);

/** Per-provider allowlist of tools (built-in or custom) offered to the model. */
export const defaultAgentTools = pgTable(
  "default_agent_tools",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    toolName: text("tool_name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("default_agent_tools_tenant_provider_tool_key").on(t.tenantId, t.provider, t.toolName)],
);

export const toolDefinitions = pgTable(
  "tool_definitions",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull(),
    inputSchema: jsonb("input_schema")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    endpointUrl: text("endpoint_url").notNull(),
    httpMethod: text("http_method").notNull().default("POST"),
    /** Encrypted JSON of extra request headers (may hold credentials). */
    headersCiphertext: text("headers_ciphertext"),
    headersKeyId: text("headers_key_id"),
    enabled: boolean("enabled").notNull().default(true),
    createdBy: bigintRef("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("tool_definitions_tenant_name_key").on(t.tenantId, t.name),
    index("tool_definitions_created_by_idx").on(t.createdBy),
  ],
);

export const hooks = pgTable(
  "hooks",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** run.completed, run.failed, ticket.moved, pr.merged… */
    event: text("event").notNull(),
    kind: text("kind").$type<"webhook" | "script">().notNull(),
    targetUrl: text("target_url"),
    secretCiphertext: text("secret_ciphertext"),
    secretKeyId: text("secret_key_id"),
    script: text("script"),
    timeoutSeconds: integer("timeout_seconds").notNull().default(30),
    enabled: boolean("enabled").notNull().default(true),
    createdBy: bigintRef("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("hooks_tenant_id_id_key").on(t.tenantId, t.id),
    index("hooks_tenant_event_idx").on(t.tenantId, t.event),
    index("hooks_created_by_idx").on(t.createdBy),
  ],
);

export const hookDeliveries = pgTable(
  "hook_deliveries",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    hookId: bigintRef("hook_id")
      .notNull()
      .references(() => hooks.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    payload: jsonb("payload")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    status: text("status").$type<"pending" | "delivered" | "failed">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    responseStatus: integer("response_status"),
    responseBodyExcerpt: text("response_body_excerpt"),
    error: text("error"),
    createdAt: createdAt(),
    deliveredAt: timestamptz("delivered_at"),
  },
  (t) => [
    foreignKey({
      name: "hook_deliveries_tenant_hook_id_fkey",
      columns: [t.tenantId, t.hookId],
      foreignColumns: [hooks.tenantId, hooks.id],
    }),
    index("hook_deliveries_tenant_idx").on(t.tenantId),
    index("hook_deliveries_hook_idx").on(t.hookId, t.createdAt),
  ],
);
