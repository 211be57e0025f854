import { z } from "zod";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { repositoryScanJob } from "../../../jobs/repository-scan";
import { getRepository } from "../../services/repositories/get-repository";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZScanConfigsRequest = z.object({ repositoryId: ZId });

export const ZScanConfigsResponse = z.object({ queued: z.boolean() });

export const scanConfigsProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZScanConfigsRequest)
  .output(ZScanConfigsResponse)
  .mutation(async ({ ctx, input }) => {
    await getRepository({ tenantId: ctx.tenantId, ...input });
    await sendJob(getBoss(), repositoryScanJob, { tenantId: ctx.tenantId, repositoryId: input.repositoryId });
    return { queued: true };
  });
