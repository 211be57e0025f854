import type { Env } from "../../env.server";
import { loadSandbox } from "./load-sandbox";

/** A sandbox with its pod's current phase. */
export async function getSandbox(options: { tenantId: number; sandboxId: number; env: Env }) {
  return (await loadSandbox(options)).sandbox;
}
