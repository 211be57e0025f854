import { db } from "../../../db/client";
import { endRunAtLimit } from "./end-run-at-limit";

/** endRunAtLimit for an executor: its own statement on the pool, never a caller's transaction. */
export function endRunAtLimitNow(options: Parameters<typeof endRunAtLimit>[1]) {
  return endRunAtLimit(db, options);
}
