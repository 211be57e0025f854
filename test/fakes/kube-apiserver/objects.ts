// Helpers on free-form JSON objects: cloning, dotted paths, timestamps, conditions.
import type { KubeObject } from "./types";

export const clone = <T>(value: T): T => structuredClone(value);

export function isObject(value: unknown): value is KubeObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** RFC 3339 to the second, as Kubernetes writes metav1.Time. */
export const timestamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

export function getPath(object: unknown, dotted: string): unknown {
  let current = object;
  for (const key of dotted.split(".")) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Everything but metadata and status: a change here bumps metadata.generation. */
export function specOf(object: KubeObject): KubeObject {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}

export const condition = (type: string, status: "True" | "False", reason: string, message: string, time: string) => ({
  type,
  status,
  lastProbeTime: null,
  lastTransitionTime: time,
  reason,
  message,
});

/**
 * Drops empty lists, as a real API server does: Go's `omitempty` leaves them out when the
 * object is stored and served, so `ingress: []` written comes back as no `ingress` at all.
 */
export function dropEmptyLists(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(dropEmptyLists);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (Array.isArray(child) && child.length === 0) delete value[key];
    else dropEmptyLists(child);
  }
}
