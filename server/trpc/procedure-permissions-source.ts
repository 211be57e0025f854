import type { AnyRouter } from "@trpc/server";
import { declaredPermissions } from "./declared-permissions";

/**
 * The browser cannot import the router, so the UI reads its procedures'
 * permissions from a module written from the router's own `.meta()`:
 * `app/procedure-permissions.generated.ts`. A test fails when the two differ.
 */
export function renderProcedurePermissions(router: AnyRouter) {
  const entries = Object.entries(declaredPermissions(router)).sort(([a], [b]) => a.localeCompare(b));
  const lines = entries.map(([path, requirement]) => `  ${JSON.stringify(path)}: ${JSON.stringify(requirement ?? null)},`);
  return [
    "// Written by `node --import tsx server/trpc/procedure-permissions-cli.ts` from the router's `.meta({ permission })`; do not edit.",
    "export const PROCEDURE_PERMISSIONS = {",
    ...lines,
    "} as const;",
    "",
  ].join("\n");
}
