import { z } from "zod";
import { listFollowUps } from "../../services/agent-runs/list-follow-ups";
import { podProcedure } from "../../trpc/pod-procedures";

export const ZListFollowUpsRequest = z.object({ afterSeq: z.number().int().min(0) });

export const ZListFollowUpsResponse = z.array(z.object({ seq: z.number(), text: z.string() }));

/** The user's messages to the run after `afterSeq`. */
export const listFollowUpsProcedure = podProcedure
  .meta({ permission: "run-token" })
  .input(ZListFollowUpsRequest)
  .output(ZListFollowUpsResponse)
  .query(async ({ ctx, input }) => {
    const rows = await listFollowUps({ tenantId: ctx.tenantId, runId: ctx.run.id, afterSeq: input.afterSeq });
    return rows.map((row) => ({ seq: row.seq, text: String(row.payload.text ?? "") }));
  });
