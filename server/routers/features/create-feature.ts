import { saveFeature } from "../../services/features/save-feature";
import { tenantProcedure } from "../../trpc/procedures";
import { ZFeature } from "../schemas";

export const ZCreateFeatureRequest = ZFeature;

export const createFeatureProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZCreateFeatureRequest)
  .mutation(({ ctx, input }) => saveFeature({ tenantId: ctx.tenantId, ...input }));
