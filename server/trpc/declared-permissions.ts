import type { AnyRouter } from "@trpc/server";
import type { Requirement } from "../auth/permissions";
import type { Meta } from "./init";

/**
 * What each procedure of a router declares with `.meta({ permission })`, by
 * path (`hooks.create`); undefined where it declares nothing. For tests and
 * docs — a request reads only its own procedure's meta.
 */
export function declaredPermissions(router: AnyRouter): Record<string, Requirement | undefined> {
  const procedures = router._def.procedures as Record<string, { _def: { meta?: Meta } }>;
  return Object.fromEntries(Object.entries(procedures).map(([path, procedure]) => [path, procedure._def.meta?.permission]));
}
