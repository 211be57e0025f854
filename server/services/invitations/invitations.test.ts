import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { auditLog, invitations, userRoles, users } from "../../../db/schema";
import { buildTenant } from "../../../db/seed";
import { callerFor } from "../../../test/helpers/caller";
import { createApiKey } from "../api-keys/create-api-key";
import { createContext } from "../../trpc/context";
import { createCaller } from "../../trpc/caller";

const tokenOf = (link: string) => link.split("/invitations/")[1]!;

async function memberIds(tenantId: number) {
  const rows = await db.select({ userId: userRoles.userId }).from(userRoles).where(eq(userRoles.tenantId, tenantId));
  return rows.map((row) => row.userId);
}

/** A workspace with its admin's caller, and a person (with their own workspace) who may be invited to it. */
async function workspaceAndInvitee() {
  const { tenant, admin: adminUser } = await buildTenant({ name: "Inviting team" });
  const admin = await callerFor({ userId: adminUser.id, tenantId: tenant.id });
  const { tenant: home, admin: person } = await buildTenant({ name: "Invitee's own" });
  const invitee = await callerFor({ userId: person.id, tenantId: home.id });
  return { tenant, adminUser, admin, home, person, invitee };
}

describe("invitations", () => {
  it("adds nobody until the invited login accepts: the workspace sees only the login it typed, the invitee sees the invitation", async () => {
    const { tenant, adminUser, admin, person, invitee } = await workspaceAndInvitee();
    const invitation = await admin.members.invite({ login: `@${person.login.toUpperCase()}`, role: "dev" });
    expect(invitation).toMatchObject({ login: person.login.toUpperCase(), role: "dev", status: "pending" });
    expect(invitation.link).toMatch(/\/invitations\/[A-Za-z0-9_-]{40,}$/);

    expect(await memberIds(tenant.id)).not.toContain(person.id);
    expect((await admin.members.list()).map((member) => member.login)).toEqual([adminUser.login]);
    const pending = await admin.members.invitations();
    expect(pending).toEqual([
      {
        id: invitation.id,
        login: person.login.toUpperCase(),
        role: "dev",
        invitedBy: adminUser.login,
        expiresAt: invitation.expiresAt,
        createdAt: expect.any(Date),
      },
    ]);
    // Nothing of the invitee's account (name, avatar, email, other workspaces) reaches the inviting side.
    expect(JSON.stringify(pending)).not.toContain(person.name!);
    expect((await invitee.me.get()).otherTenants).toEqual([]);

    expect(await invitee.me.invitations()).toEqual([
      {
        id: invitation.id,
        tenantId: tenant.id,
        tenantName: "Inviting team",
        role: "dev",
        invitedBy: adminUser.login,
        expiresAt: invitation.expiresAt,
      },
    ]);
    await expect(invitee.invitations.accept({ invitationId: invitation.id })).resolves.toMatchObject({
      status: "accepted",
      tenantId: tenant.id,
      role: "dev",
    });
    expect((await admin.members.list()).find((member) => member.id === person.id)?.role).toBe("dev");
    expect((await invitee.me.get()).otherTenants.map((other) => other.id)).toEqual([tenant.id]);
    expect(await admin.members.invitations()).toEqual([]);
    expect(await invitee.me.invitations()).toEqual([]);
    // Answered once: the same invitation cannot be accepted again, nor its link used.
    await expect(invitee.invitations.accept({ invitationId: invitation.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(invitee.invitations.accept({ token: tokenOf(invitation.link) })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers the same for a login nobody has and one that exists, and creates no user for either", async () => {
    const { admin, person } = await workspaceAndInvitee();
    const usersBefore = (await db.select({ id: users.id }).from(users)).length;
    const unknown = await admin.members.invite({ login: "nobody-has-this-login", role: "viewer" });
    const known = await admin.members.invite({ login: person.login, role: "viewer" });
    const shape = (answer: typeof known) => Object.keys(answer).sort();
    expect(shape(unknown)).toEqual(shape(known));
    expect([unknown.status, known.status]).toEqual(["pending", "pending"]);
    expect((await db.select({ id: users.id }).from(users)).length).toBe(usersBefore);
    expect((await admin.members.invitations()).map((entry) => entry.login).sort()).toEqual(
      ["nobody-has-this-login", person.login].sort(),
    );
  });

  it("works through its link for the invited login only; another person holding the link gets NOT_FOUND", async () => {
    const { tenant, admin, person, invitee } = await workspaceAndInvitee();
    const invitation = await admin.members.invite({ login: person.login, role: "qa" });
    const { tenant: strangersHome, admin: stranger } = await buildTenant();
    const strangerCaller = await callerFor({ userId: stranger.id, tenantId: strangersHome.id });
    await expect(strangerCaller.invitations.accept({ token: tokenOf(invitation.link) })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await strangerCaller.me.invitations()).toEqual([]);
    expect(await memberIds(tenant.id)).not.toContain(stranger.id);

    await invitee.invitations.accept({ token: tokenOf(invitation.link) });
    expect(await memberIds(tenant.id)).toContain(person.id);
  });

  it("a declined or revoked invitation adds nobody, and each answer is in the inviting workspace's audit log", async () => {
    const { tenant, adminUser, admin, person, invitee } = await workspaceAndInvitee();
    const declined = await admin.members.invite({ login: person.login, role: "dev" });
    await expect(invitee.invitations.decline({ invitationId: declined.id })).resolves.toEqual({
      id: declined.id,
      status: "declined",
    });
    expect(await memberIds(tenant.id)).not.toContain(person.id);

    const revoked = await admin.members.invite({ login: person.login, role: "pm" });
    expect(revoked.id).not.toBe(declined.id);
    await admin.members.revokeInvitation({ invitationId: revoked.id });
    expect(await invitee.me.invitations()).toEqual([]);
    await expect(invitee.invitations.accept({ token: tokenOf(revoked.link) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.members.revokeInvitation({ invitationId: revoked.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await memberIds(tenant.id)).not.toContain(person.id);

    const accepted = await admin.members.invite({ login: person.login, role: "viewer" });
    await invitee.invitations.accept({ invitationId: accepted.id });
    const entries = await db
      .select({ action: auditLog.action, actor: auditLog.actorUserId, targetId: auditLog.targetId })
      .from(auditLog)
      .where(eq(auditLog.tenantId, tenant.id))
      .orderBy(auditLog.id);
    expect(entries).toEqual([
      { action: "members.invite", actor: adminUser.id, targetId: String(declined.id) },
      { action: "invitations.decline", actor: person.id, targetId: String(declined.id) },
      { action: "members.invite", actor: adminUser.id, targetId: String(revoked.id) },
      { action: "members.revokeInvitation", actor: adminUser.id, targetId: String(revoked.id) },
      { action: "members.invite", actor: adminUser.id, targetId: String(accepted.id) },
      { action: "invitations.accept", actor: person.id, targetId: String(accepted.id) },
    ]);
    // The link's token is a credential: it is in no audit entry.
    const stored = await db.select({ after: auditLog.after }).from(auditLog).where(eq(auditLog.tenantId, tenant.id));
    expect(JSON.stringify(stored)).not.toContain(tokenOf(accepted.link));
  });

  it("inviting an invited login again renews its invitation: one pending, the new role, the old link dead", async () => {
    const { admin, person, invitee } = await workspaceAndInvitee();
    const first = await admin.members.invite({ login: person.login, role: "viewer" });
    const second = await admin.members.invite({ login: person.login.toUpperCase(), role: "pm" });
    expect(second.id).toBe(first.id);
    expect(second.link).not.toBe(first.link);
    expect((await admin.members.invitations()).map((entry) => entry.role)).toEqual(["pm"]);
    await expect(invitee.invitations.accept({ token: tokenOf(first.link) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(invitee.invitations.accept({ token: tokenOf(second.link) })).resolves.toMatchObject({ role: "pm" });
    await expect(admin.members.invite({ login: person.login, role: "dev" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("tenant B learns nothing of A's invitations and cannot revoke them; an expired one cannot be accepted", async () => {
    const { tenant, admin, person, invitee } = await workspaceAndInvitee();
    const invitation = await admin.members.invite({ login: person.login, role: "dev" });
    const { tenant: other, admin: otherAdmin } = await buildTenant({ name: "Tenant B" });
    const b = await callerFor({ userId: otherAdmin.id, tenantId: other.id });
    expect(await b.members.invitations()).toEqual([]);
    await expect(b.members.revokeInvitation({ invitationId: invitation.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // B inviting the same login is B's own invitation, answered the same way, and does not touch A's.
    const fromB = await b.members.invite({ login: person.login, role: "viewer" });
    expect(fromB.id).not.toBe(invitation.id);
    expect((await admin.members.invitations()).map((entry) => entry.id)).toEqual([invitation.id]);
    expect((await invitee.me.invitations()).map((entry) => entry.tenantName).sort()).toEqual(["Inviting team", "Tenant B"]);

    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(invitations.id, invitation.id), eq(invitations.tenantId, tenant.id)));
    await expect(invitee.invitations.accept({ invitationId: invitation.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await admin.members.invitations()).toEqual([]);
    expect(await memberIds(tenant.id)).not.toContain(person.id);
  });

  it("refuses an API key answering for its owner, bad input, and a caller without a session", async () => {
    const { admin, home, person } = await workspaceAndInvitee();
    const invitation = await admin.members.invite({ login: person.login, role: "dev" });
    const { key } = await createApiKey({ tenantId: home.id, userId: person.id, name: "robot", scopes: ["workspace:read"] });
    const viaKey = createCaller(await createContext({ authorization: `Bearer ${key}` }));
    await expect(viaKey.invitations.accept({ invitationId: invitation.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.members.invite({ login: "not a login!", role: "dev" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const invitee = await callerFor({ userId: person.id, tenantId: home.id });
    await expect(invitee.invitations.accept({ token: "short" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const anonymous = createCaller(await createContext({}));
    await expect(anonymous.me.invitations()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
