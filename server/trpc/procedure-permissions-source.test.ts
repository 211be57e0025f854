import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROCEDURE_PERMISSIONS } from "../../app/procedure-permissions.generated";
import { appRouter } from "../routers/app-router";
import { declaredPermissions } from "./declared-permissions";
import { renderProcedurePermissions } from "./procedure-permissions-source";

describe("the UI's map of procedure permissions", () => {
  it("is the generator's output for the app router", () => {
    const committed = readFileSync(new URL("../../app/procedure-permissions.generated.ts", import.meta.url), "utf8");
    expect(committed, "run `npm run gen:permissions`").toBe(renderProcedurePermissions(appRouter));
  });

  it("names for each procedure the permission the server enforces", () => {
    expect(PROCEDURE_PERMISSIONS).toEqual(declaredPermissions(appRouter));
    expect(PROCEDURE_PERMISSIONS["projects.updateColumns"]).toBe("projects:manage");
  });
});
