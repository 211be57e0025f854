import type { AnyRouter } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { addMember, buildTenant, buildUser } from "../../db/seed";
import { requirePermission } from "../../app/session.server";
import { callerFor } from "../../test/helpers/caller";
import { sessionCookieFor } from "../../test/helpers/trpc-client";
import { appRouter } from "../routers/app-router";
import { createContext } from "./context";
import { declaredPermissions } from "./declared-permissions";
import { podProcedure } from "./pod-procedures";
import { authedProcedure, createCallerFactory, publicProcedure, router, tenantProcedure } from "./procedures";

const probeRouter = router({
  undeclared: tenantProcedure.query(() => "ran"),
  declared: tenantProcedure.meta({ permission: "workspace:read" }).query(() => "ran"),
  runTokenOnTenant: tenantProcedure.meta({ permission: "run-token" }).query(() => "ran"),
  publicUndeclared: publicProcedure.query(() => "ran"),
  publicDeclared: publicProcedure.meta({ permission: "public" }).query(() => "ran"),
  authedUndeclared: authedProcedure.query(() => "ran"),
  authedDeclared: authedProcedure.meta({ permission: "signed-in" }).query(() => "ran"),
  podUndeclared: podProcedure.query(() => "ran"),
});

async function probeAs(userId: number, tenantId: number) {
  return createCallerFactory(probeRouter)(await createContext({ cookie: await sessionCookieFor({ userId, tenantId }) }));
}

describe("output declarations", () => {
  // Subscriptions are left out: in tRPC 11 `.output()` parses what the resolver returns, which
  // for a subscription is the async iterable itself, not each thing it yields.
  it("every query and mutation of the app router declares the schema of its answer", () => {
    const procedures = (appRouter as AnyRouter)._def.procedures as Record<string, { _def: { type: string; output?: unknown } }>;
    const answering = Object.entries(procedures).filter(([, procedure]) => procedure._def.type !== "subscription");
    expect(answering.length).toBeGreaterThan(100);
    expect(answering.filter(([, procedure]) => !procedure._def.output).map(([path]) => path)).toEqual([]);
  });
});

describe("permission declarations", () => {
  it("every procedure of the app router declares what it needs, and pod procedures alone take a run token", () => {
    const declared = declaredPermissions(appRouter);
    expect(Object.entries(declared).filter(([, permission]) => !permission)).toEqual([]);
    const runToken = Object.keys(declared).filter((path) => declared[path] === "run-token");
    expect(runToken).toEqual(Object.keys(declared).filter((path) => path.startsWith("pod.")));
    expect(runToken.length).toBeGreaterThan(0);
  });

  it("refuses a procedure that declares nothing, or a kind its builder does not serve, before it runs", async () => {
    const { tenant, admin } = await buildTenant();
    const caller = await probeAs(admin.id, tenant.id);
    expect(await caller.declared()).toBe("ran");
    expect(await caller.publicDeclared()).toBe("ran");
    expect(await caller.authedDeclared()).toBe("ran");
    for (const path of ["undeclared", "runTokenOnTenant", "publicUndeclared", "authedUndeclared", "podUndeclared"] as const) {
      await expect(caller[path]()).rejects.toMatchObject({ code: "FORBIDDEN", message: `No permission rule allows ${path}.` });
    }
  });

  it("gives a Remix route the same 403 and words as the procedure declaring the same permission", async () => {
    const { tenant } = await buildTenant();
    const viewer = await buildUser();
    await addMember({ tenantId: tenant.id, userId: viewer.id, role: "viewer" });
    const message = "Not allowed: your role cannot create and edit tickets.";
    const caller = await callerFor({ userId: viewer.id, tenantId: tenant.id });
    await expect(caller.tickets.create({ projectId: 1, title: "Refused" })).rejects.toMatchObject({ code: "FORBIDDEN", message });

    const request = new Request("http://localhost/projects", {
      headers: { cookie: await sessionCookieFor({ userId: viewer.id, tenantId: tenant.id }) },
    });
    const refused = await requirePermission(request, "tickets:write").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    expect(await (refused as Response).text()).toBe(message);
    await expect(requirePermission(request, "workspace:read")).resolves.toMatchObject({ userId: viewer.id });
  });
});
