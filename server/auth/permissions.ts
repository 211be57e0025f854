import type { RoleKey } from "./roles";

/** What a member (or an API key, as scopes) may do. */
export const PERMISSIONS = [
  "workspace:read",
  "tickets:write",
  "projects:manage",
  "runs:launch",
  "costs:read",
  "integrations:manage",
  "members:manage",
  "keys:manage",
  "audit:read",
  "outbound:manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const PERMISSION_LABELS: Record<Permission, string> = {
  "workspace:read": "Read projects, tickets, runs and repositories",
  "tickets:write": "Create and edit tickets",
  "projects:manage": "Create projects; edit boards, features, instructions, budgets",
  "runs:launch": "Launch, steer and cancel agent runs; previews and sandboxes",
  "costs:read": "See costs and budgets",
  "integrations:manage": "Manage connectors, repositories, clusters, domains, env vars, hooks, tools and model prices",
  "members:manage": "Invite members and change roles",
  "keys:manage": "Create and revoke API keys",
  "audit:read": "Read the audit log",
  "outbound:manage": "Let hooks and tools reach private-network hosts",
};

export const ROLE_PERMISSIONS: Record<RoleKey, Permission[]> = {
  admin: [...PERMISSIONS],
  pm: ["workspace:read", "tickets:write", "projects:manage", "runs:launch", "costs:read"],
  dev: ["workspace:read", "tickets:write", "runs:launch", "costs:read"],
  qa: ["workspace:read", "tickets:write", "runs:launch"],
  viewer: ["workspace:read"],
};

export function permissionsOf(roles: RoleKey[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role] ?? []));
}

/**
 * What a procedure or Remix route declares it needs: a permission, or one of
 * the ways in that need none — `public` (anyone), `signed-in` (any session),
 * `run-token` (a Kubernetes pod's run token). Declaring nothing is refused.
 */
export type Requirement = Permission | "public" | "signed-in" | "run-token";

export function isPermission(requirement: Requirement | undefined): requirement is Permission {
  return (PERMISSIONS as readonly string[]).includes(requirement as string);
}

/** A member's role permissions, narrowed to an API key's scopes when the key is acting. */
export function grantedPermissions(identity: { roles: RoleKey[]; scopes?: Permission[] }): Set<Permission> {
  const permissions = permissionsOf(identity.roles);
  if (identity.scopes)
    for (const permission of [...permissions]) if (!identity.scopes.includes(permission)) permissions.delete(permission);
  return permissions;
}

/** Why a caller holding `granted` may not do what needs `permission`, or null when it may; the same words for the API and the UI. */
export function permissionRefusal(granted: ReadonlySet<Permission>, permission: Permission, viaApiKey = false) {
  if (granted.has(permission)) return null;
  const why = viaApiKey
    ? `this API key lacks the "${permission}" scope`
    : `your role cannot ${PERMISSION_LABELS[permission].toLowerCase()}`;
  return `Not allowed: ${why}.`;
}
