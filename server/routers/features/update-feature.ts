import { saveFeature } from "../../services/features/save-feature";
import { tenantProcedure } from "../../trpc/procedures";
import { ZFeature, ZId, ZIdResponse } from "../schemas";

export const ZUpdateFeatureRequest = ZFeature.extend({ featureId: ZId });

export const updateFeatureProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZUpdateFeatureRequest)
  .output(ZIdResponse)
  .mutation(({ ctx, input }) => saveFeature({ tenantId: ctx.tenantId, ...input }));
