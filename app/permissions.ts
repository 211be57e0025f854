import { useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { isPermission, permissionRefusal, type Permission } from "../server/auth/permissions";
import { PROCEDURE_PERMISSIONS } from "./procedure-permissions.generated";

export type { Permission };
export type ProcedurePath = keyof typeof PROCEDURE_PERMISSIONS;

function useGranted() {
  const data = useRouteLoaderData("routes/_app") as { permissions?: Permission[] } | undefined;
  return new Set(data?.permissions ?? []);
}

/** Whether the signed-in member may do something: the UI hides what the API would refuse. */
export function useCan() {
  const granted = useGranted();
  return (permission: Permission) => granted.has(permission);
}

/**
 * What a control that calls `procedure` (or a Remix action needing `permission`)
 * should do for this member: `allowed`, else the server's own refusal as `reason`;
 * `marker` names what the control calls (`data-procedure` / `data-permission`),
 * so the access e2e test can check every control against the role:
 * `const sync = useCanCall("k8sClusters.sync"); <button {...sync.control(pending)}>`.
 */
export function useGate(target: { procedure: ProcedurePath } | { permission: Permission }) {
  const granted = useGranted();
  const requirement = "procedure" in target ? PROCEDURE_PERMISSIONS[target.procedure] : target.permission;
  const reason = isPermission(requirement) ? permissionRefusal(granted, requirement) : null;
  const marker = "procedure" in target ? { "data-procedure": target.procedure } : { "data-permission": target.permission };
  /** The control's props: its marker, disabled while `busy` or when refused, the refusal as its `title`. */
  const control = (busy = false) => ({ ...marker, disabled: busy || reason !== null, title: reason ?? undefined });
  return { allowed: reason === null, reason, marker, control };
}

/** A control calling `procedure`: the same for `useCanCall("…").allowed`. */
export function useCanCall(procedure: ProcedurePath) {
  return useGate({ procedure });
}

type PermittedProps = ({ procedure: ProcedurePath } | { permission: Permission }) & {
  /**
   * The control, given its marker and whether it is disabled (with the reason as its `title`).
   * Without `disable`, a member who may not call it does not see it at all.
   */
  children: (gate: { "data-procedure"?: string; "data-permission"?: string; disabled: boolean; title?: string }) => ReactNode;
  /** Show the control disabled, its reason in `title`, rather than hide it. */
  disable?: boolean;
  /** Shown instead of a hidden control (a line saying why). */
  fallback?: ReactNode;
};

/** Shows, disables or hides one control by the permission its procedure declares on the server. */
export function Permitted({ children, disable, fallback, ...target }: PermittedProps) {
  const { allowed, reason, marker } = useGate(target);
  if (!allowed && !disable) return fallback ?? null;
  return children({ ...marker, disabled: !allowed, title: reason ?? undefined });
}
