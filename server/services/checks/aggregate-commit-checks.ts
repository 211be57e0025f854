import { and, eq } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { commitChecks } from "../../../db/schema";

export type CiStatus = "pending" | "success" | "failure";

/**
 * The CI status of one commit: the aggregate of every check run and commit status recorded for it.
 * Any failure → failure, else any pending → pending, else success. A commit no signal has reported
 * on yet is pending: its CI may not have started.
 */
export async function aggregateCommitChecks(
  executor: Executor,
  options: { tenantId: number; repositoryId: number; headSha: string },
): Promise<CiStatus> {
  const states = await executor
    .select({ state: commitChecks.state })
    .from(commitChecks)
    .where(
      and(
        eq(commitChecks.tenantId, options.tenantId),
        eq(commitChecks.repositoryId, options.repositoryId),
        eq(commitChecks.headSha, options.headSha),
      ),
    );
  if (states.length === 0) return "pending";
  if (states.some((row) => row.state === "failure")) return "failure";
  if (states.some((row) => row.state === "pending")) return "pending";
  return "success";
}
