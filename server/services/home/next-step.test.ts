import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { connectors } from "../../../db/schema";
import { buildProject, buildRepository, buildRun, buildTenant } from "../../../db/seed";
import { callerFor } from "../../../test/helpers/caller";
import { getNextStep } from "./next-step";

describe("Home's next step", () => {
  it("asks a new workspace to connect GitHub, even when it already has a project", async () => {
    const { tenant, admin } = await buildTenant();
    expect(await getNextStep({ tenantId: tenant.id })).toMatchObject({ key: "connect", to: "/connectors" });
    await buildProject({ tenantId: tenant.id, userId: admin.id });
    expect(await getNextStep({ tenantId: tenant.id })).toMatchObject({ key: "connect", needs: "integrations:manage" });
  });

  it("does not count a revoked connector as connected", async () => {
    const { tenant } = await buildTenant();
    const repository = await buildRepository({ tenantId: tenant.id });
    await db.update(connectors).set({ status: "revoked" }).where(eq(connectors.id, repository.connectorId!));
    expect((await getNextStep({ tenantId: tenant.id })).key).toBe("connect");
  });

  it("asks for a project once GitHub is connected", async () => {
    const { tenant } = await buildTenant();
    await buildRepository({ tenantId: tenant.id });
    expect(await getNextStep({ tenantId: tenant.id })).toMatchObject({ key: "project", to: "/projects" });
  });

  it("links to the board, then to its first ticket, until a run exists; then to the runs", async () => {
    const { tenant, admin } = await buildTenant();
    await buildRepository({ tenantId: tenant.id });
    const { project } = await buildProject({ tenantId: tenant.id, userId: admin.id, key: "HOME" });
    expect(await getNextStep({ tenantId: tenant.id })).toMatchObject({ key: "run", to: "/projects/HOME" });

    const caller = await callerFor({ userId: admin.id, tenantId: tenant.id });
    await caller.tickets.create({ projectId: project.id, title: "First ticket" });
    expect(await getNextStep({ tenantId: tenant.id })).toMatchObject({
      key: "run",
      title: "Run an agent on HOME-1",
      to: "/projects/HOME?ticket=HOME-1",
    });

    await buildRun({ tenantId: tenant.id, projectId: project.id });
    expect(await getNextStep({ tenantId: tenant.id })).toMatchObject({ key: "review", to: "/runs" });
  });

  it("reads only its own workspace", async () => {
    const { tenant: busy, admin } = await buildTenant();
    await buildRepository({ tenantId: busy.id });
    const { project } = await buildProject({ tenantId: busy.id, userId: admin.id });
    await buildRun({ tenantId: busy.id, projectId: project.id });
    const { tenant: fresh } = await buildTenant();
    expect((await getNextStep({ tenantId: fresh.id })).key).toBe("connect");
  });
});
