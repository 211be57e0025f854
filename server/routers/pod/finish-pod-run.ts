import { z } from "zod";
import { finishPodRun } from "../../services/pod-api/finish-pod-run";
import { reportingPodProcedure } from "../../trpc/pod-procedures";
import { ZOkResponse } from "../schemas";

const ZFileDiff = z.object({
  filePath: z.string().max(1000),
  changeType: z.enum(["added", "modified", "deleted", "renamed"]),
  diff: z.string().max(300_000),
  additions: z.number().int().min(0),
  deletions: z.number().int().min(0),
});

export const ZFinishPodRunRequest = z
  .object({
    /** `stopped`: a limit ended the agent before it finished; the work is kept as a draft pull request. */
    outcome: z.enum(["completed", "stopped", "failed"]),
    stop: z
      .object({
        reason: z.enum(["turns", "cost", "time", "budget", "cancelled", "stuck", "no_finish"]),
        message: z.string().max(2_000),
      })
      .optional(),
    summary: z.string().max(100_000).default(""),
    error: z.string().max(10_000).optional(),
    diffs: z.array(ZFileDiff).max(1_000).default([]),
    pushed: z
      .object({ branch: z.string().max(250), sha: z.string().regex(/^[0-9a-f]{40}$/) })
      .nullable()
      .default(null),
  })
  .refine((input) => input.outcome !== "stopped" || input.stop, { message: "Say which limit stopped the run.", path: ["stop"] });

/** The end of the run: its diffs, the branch it pushed (→ pull request), and the outcome. The token then stops working. */
export const finishPodRunProcedure = reportingPodProcedure
  .meta({ permission: "run-token" })
  .input(ZFinishPodRunRequest)
  .output(ZOkResponse)
  .mutation(({ ctx, input }) => finishPodRun({ tenantId: ctx.tenantId, run: ctx.run, env: ctx.env, mask: ctx.mask, ...input }));
