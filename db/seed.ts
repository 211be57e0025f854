import { randomBytes } from "node:crypto";
import { db } from "./client";
import { agentRuns, connectors, repositories, userConnections, users } from "./schema";
import { createProject } from "../server/services/projects/create-project";
import { forgetSessions } from "../server/services/sessions/session-cache";
import { assignRole } from "../server/services/tenants/assign-role";
import { createTenant } from "../server/services/tenants/create-tenant";
import type { RoleKey } from "../server/auth/roles";

/** Builders that make unique random data; the demo seed and the tests both use them. */

const unique = () => randomBytes(4).toString("hex");

export async function buildUser(overrides: Partial<typeof users.$inferInsert> & { githubId?: number } = {}) {
  const suffix = unique();
  const { githubId, ...fields } = overrides;
  const [user] = await db
    .insert(users)
    .values({ login: `user-${suffix}`, name: `User ${suffix}`, email: `user-${suffix}@example.test`, ...fields })
    .returning();
  await db.insert(userConnections).values({
    userId: user!.id,
    provider: "github",
    providerUserId: String(githubId ?? Number.parseInt(suffix, 16)),
    providerLogin: user!.login,
  });
  return user!;
}

/** A tenant with its default roles and an admin (created unless given). */
export async function buildTenant(options: { name?: string; admin?: typeof users.$inferSelect } = {}) {
  const admin = options.admin ?? (await buildUser());
  const name = options.name ?? `Team ${unique()}`;
  const { tenant } = await createTenant(db, { name, slugBase: name, ownerId: admin.id });
  return { tenant, admin };
}

export async function addMember(options: { tenantId: number; userId: number; role: RoleKey }) {
  await assignRole(db, { tenantId: options.tenantId, userId: options.userId, roleKey: options.role });
  forgetSessions(); // as the members service does: a new role counts from the next request
}

export async function buildProject(options: { tenantId: number; userId: number; name?: string; key?: string }) {
  const suffix = unique();
  return createProject({
    tenantId: options.tenantId,
    userId: options.userId,
    name: options.name ?? `Project ${suffix}`,
    key:
      options.key ??
      `P${suffix
        .slice(0, 4)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "X")}`,
  });
}

/**
 * A repository row behind a connector whose token is no real one: for tests
 * that need a repository to point at (a feature's), never to reach GitHub.
 */
export async function buildRepository(options: { tenantId: number; name?: string }) {
  const name = options.name ?? `repo-${unique()}`;
  const [connector] = await db
    .insert(connectors)
    .values({ tenantId: options.tenantId, kind: "pat", name: `seed-${unique()}`, tokenCiphertext: "none", tokenKeyId: "none" })
    .returning({ id: connectors.id });
  const [repository] = await db
    .insert(repositories)
    .values({
      tenantId: options.tenantId,
      connectorId: connector!.id,
      owner: "octocat",
      name,
      fullName: `octocat/${name}`,
      cloneUrl: `https://github.invalid/octocat/${name}.git`,
    })
    .returning();
  return repository!;
}

export async function buildRun(options: {
  tenantId: number;
  projectId?: number | null;
  createdBy?: number | null;
  prompt?: string;
}) {
  const [run] = await db
    .insert(agentRuns)
    .values({
      tenantId: options.tenantId,
      projectId: options.projectId ?? null,
      provider: "claude",
      model: "claude-sonnet-4-6",
      mode: "plan",
      prompt: options.prompt ?? "Explain the repository layout.",
      createdBy: options.createdBy ?? null,
    })
    .returning();
  return run!;
}

/** The demo workspace: a tenant with an admin, a PM and a developer, one project and its board. */
export async function seedDemo() {
  const admin = await buildUser({ login: "demo-admin", name: "Demo Admin" });
  const { tenant } = await buildTenant({ name: "Demo Team", admin });
  const pm = await buildUser({ login: "demo-pm", name: "Demo PM" });
  const dev = await buildUser({ login: "demo-dev", name: "Demo Developer" });
  await addMember({ tenantId: tenant.id, userId: pm.id, role: "pm" });
  await addMember({ tenantId: tenant.id, userId: dev.id, role: "dev" });
  const { project, board } = await buildProject({ tenantId: tenant.id, userId: admin.id, name: "Lime", key: "LIME" });
  return { tenant, users: { admin, pm, dev }, project, board };
}
