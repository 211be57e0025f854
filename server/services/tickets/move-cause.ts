import { sql } from "drizzle-orm";
import type { Executor } from "../../../db/client";

/** What moved a ticket by itself: a run starting, or its pull request opening, merging or closing. */
export type MoveCause =
  | { kind: "run"; event: "started"; runId: number }
  | {
      kind: "pull_request";
      event: "opened" | "merged" | "closed";
      runId: number;
      number: number;
      url: string | null;
      /** Who merged or closed it on GitHub (their login), when GitHub says. */
      by: string | null;
    };

/**
 * Adds the cause to the `moved` line the move just wrote (same transaction, the ticket row
 * still locked), so the history says "moved by run #12", not "moved by someone".
 */
export async function attributeLastMove(executor: Executor, options: { tenantId: number; ticketId: number; cause: MoveCause }) {
  await executor.execute(sql`
    update ticket_activity set data = data || jsonb_build_object('cause', ${JSON.stringify(options.cause)}::jsonb)
    where id = (select max(id) from ticket_activity
                where tenant_id = ${options.tenantId} and ticket_id = ${options.ticketId} and kind = 'moved')`);
}
