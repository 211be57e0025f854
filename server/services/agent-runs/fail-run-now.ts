import { db } from "../../../db/client";
import { failRun } from "./fail-run";

/** failRun for an executor: its own statement on the pool, never a caller's transaction. */
export function failRunNow(options: Parameters<typeof failRun>[1]) {
  return failRun(db, options);
}
