import { z } from "zod";
import { requestConfigScan } from "../../services/repositories/request-config-scan";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZScanConfigsRequest = z.object({ repositoryId: ZId });

export const ZScanConfigsResponse = z.object({ queued: z.boolean() });

export const scanConfigsProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZScanConfigsRequest)
  .output(ZScanConfigsResponse)
  .mutation(async ({ ctx, input }) => {
    await requestConfigScan({ tenantId: ctx.tenantId, repositoryId: input.repositoryId });
    return { queued: true };
  });
