import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGovernedTenant, type GovernedTenant } from "../../../test/helpers/governed-tenant";
import { inviteAndAccept } from "../../../test/helpers/invitations";

let runtime: GovernedTenant["runtime"];
let tenantId: number;
let adminId: number;
let admin: GovernedTenant["admin"];

beforeAll(async () => {
  ({ runtime, tenantId, adminId, admin } = await startGovernedTenant());
});

afterAll(async () => {
  await runtime?.stop();
});

describe("members", () => {
  it("members: invite by login, change role, and the last admin stays", async () => {
    const invited = await inviteAndAccept(admin, { tenantId, login: "@new-teammate", role: "dev" });
    expect((await admin.members.list()).find((member) => member.login === "new-teammate")?.role).toBe("dev");
    await admin.members.setRole({ userId: invited.userId, role: "qa" });
    expect((await admin.members.list()).find((member) => member.login === "new-teammate")?.role).toBe("qa");
    await expect(admin.members.invite({ login: "new-teammate", role: "dev" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(admin.members.setRole({ userId: adminId, role: "dev" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A workspace needs at least one admin.",
    });
    await expect(admin.members.remove({ userId: adminId })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A workspace needs at least one admin.",
    });
    await admin.members.remove({ userId: invited.userId });
    expect((await admin.members.list()).some((member) => member.login === "new-teammate")).toBe(false);
  });
});
