import { sql } from "drizzle-orm";
import { foreignKey, index, jsonb, pgTable, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { bigintRef, createdAt, id, timestamptz, updatedAt } from "./columns";

export const tenants = pgTable(
  "tenants",
  {
    id: id(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    /** Base domain for preview deployments, e.g. `preview.acme.dev`. */
    previewDomain: text("preview_domain"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("tenants_slug_key").on(t.slug)],
);

/** Users are global; membership of a tenant is a `user_roles` row. */
export const users = pgTable(
  "users",
  {
    id: id(),
    login: text("login").notNull(),
    name: text("name"),
    email: text("email"),
    avatarUrl: text("avatar_url"),
    /** The workspace they last opened or switched to: where their next sign-in lands. */
    lastTenantId: bigintRef("last_tenant_id").references(() => tenants.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("users_login_idx").on(t.login)],
);

/** Login identities (GitHub today), so other providers can be added without touching `users`. */
export const userConnections = pgTable(
  "user_connections",
  {
    id: id(),
    userId: bigintRef("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    providerUserId: text("provider_user_id").notNull(),
    providerLogin: text("provider_login"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("user_connections_provider_id_key").on(t.provider, t.providerUserId),
    uniqueIndex("user_connections_user_provider_key").on(t.userId, t.provider),
  ],
);

export const roles = pgTable(
  "roles",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** Stable key used by the permission map: admin, pm, dev, qa, viewer. */
    key: text("key").notNull(),
    name: text("name").notNull(),
    permissions: jsonb("permissions")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [unique("roles_tenant_id_id_key").on(t.tenantId, t.id), uniqueIndex("roles_tenant_key_key").on(t.tenantId, t.key)],
);

export const userRoles = pgTable(
  "user_roles",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: bigintRef("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    roleId: bigintRef("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "user_roles_tenant_role_id_fkey",
      columns: [t.tenantId, t.roleId],
      foreignColumns: [roles.tenantId, roles.id],
    }),
    uniqueIndex("user_roles_tenant_user_role_key").on(t.tenantId, t.userId, t.roleId),
    index("user_roles_user_idx").on(t.userId),
    index("user_roles_role_idx").on(t.roleId),
  ],
);

/**
 * Login sessions. The cookie carries a random token; only its SHA-256 is stored,
 * so a leaked table cannot be replayed. Deleting the row ends the session.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    tokenHash: text("token_hash").notNull(),
    userId: bigintRef("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The tenant the session is currently working in. */
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userAgent: text("user_agent"),
    expiresAt: timestamptz("expires_at").notNull(),
    lastSeenAt: timestamptz("last_seen_at").notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("sessions_token_hash_key").on(t.tokenHash),
    index("sessions_user_idx").on(t.userId),
    index("sessions_tenant_idx").on(t.tenantId),
  ],
);

/**
 * A workspace's invitation of a GitHub login. Membership is created only when
 * the person signed in with that login accepts; until then the workspace sees
 * only the login it typed. The link carries a random token; only its SHA-256 is stored.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** The GitHub login as the inviting admin typed it (without `@`); matched case-insensitively. */
    login: text("login").notNull(),
    role: text("role").notNull(),
    invitedByUserId: bigintRef("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    tokenHash: text("token_hash").notNull(),
    status: text("status").$type<"pending" | "accepted" | "declined" | "revoked">().notNull().default("pending"),
    /** Who accepted or declined (the user signed in with the invited login). */
    respondedByUserId: bigintRef("responded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    respondedAt: timestamptz("responded_at"),
    expiresAt: timestamptz("expires_at").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    // One open invitation per login and workspace; inviting again renews it.
    uniqueIndex("invitations_tenant_login_pending_key")
      .on(t.tenantId, sql`lower(${t.login})`)
      .where(sql`${t.status} = 'pending'`),
    index("invitations_login_idx").on(sql`lower(${t.login})`),
  ],
);
