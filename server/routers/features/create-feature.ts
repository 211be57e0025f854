import { saveFeature } from "../../services/features/save-feature";
import { tenantProcedure } from "../../trpc/procedures";
import { ZFeature, ZIdResponse } from "../schemas";

export const ZCreateFeatureRequest = ZFeature;

export const createFeatureProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZCreateFeatureRequest)
  .output(ZIdResponse)
  .mutation(({ ctx, input }) => saveFeature({ tenantId: ctx.tenantId, ...input }));
