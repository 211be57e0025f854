import { useRouteLoaderData } from "@remix-run/react";
import type { Permission } from "../server/auth/permissions";

export type { Permission };

/** Whether the signed-in member may do something: the UI hides what the API would refuse. */
export function useCan() {
  const data = useRouteLoaderData("routes/_app") as { permissions?: Permission[] } | undefined;
  const permissions = new Set(data?.permissions ?? []);
  return (permission: Permission) => permissions.has(permission);
}
