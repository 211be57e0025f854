import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { userRoles } from "../../../db/schema";
import { addMember, buildTenant, buildUser } from "../../../db/seed";
import { setMemberRole } from "./set-member-role";

describe("setMemberRole", () => {
  it("leaves a member with one role when two different roles are set at the same moment", async () => {
    const { tenant } = await buildTenant({ name: "Races" });
    const user = await buildUser();
    await addMember({ tenantId: tenant.id, userId: user.id, role: "viewer" });
    for (let round = 0; round < 10; round++) {
      await Promise.all([
        setMemberRole({ tenantId: tenant.id, userId: user.id, role: "dev" }),
        setMemberRole({ tenantId: tenant.id, userId: user.id, role: "viewer" }),
      ]);
      const roles = await db
        .select()
        .from(userRoles)
        .where(and(eq(userRoles.tenantId, tenant.id), eq(userRoles.userId, user.id)));
      expect(roles).toHaveLength(1);
    }
  });
});
