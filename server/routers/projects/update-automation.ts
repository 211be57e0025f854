import { z } from "zod";
import { updateBoardAutomation } from "../../services/projects/update-board-automation";
import { tenantProcedure } from "../../trpc/procedures";
import { ZColumnKey, ZId } from "../schemas";
import { ZBoardAutomation } from "./schemas";

const ZTarget = ZColumnKey.nullable();

/** Where run and pull request events move the project's tickets; null leaves the ticket where it is. */
export const ZUpdateAutomationRequest = z.object({
  projectId: ZId,
  automation: z.object({
    runStarted: ZTarget,
    prOpened: ZTarget,
    prMerged: ZTarget,
    /** A column, "previous" (back where it was before review), or null. */
    prClosed: ZTarget,
  }),
});

export const updateAutomationProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZUpdateAutomationRequest)
  .output(ZBoardAutomation)
  .mutation(({ ctx, input }) => updateBoardAutomation({ tenantId: ctx.tenantId, ...input }));
