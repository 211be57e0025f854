import { saveFeature } from "../../services/features/save-feature";
import { tenantProcedure } from "../../trpc/procedures";
import { ZFeature, ZId } from "../schemas";

export const ZUpdateFeatureRequest = ZFeature.extend({ featureId: ZId });

export const updateFeatureProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZUpdateFeatureRequest)
  .mutation(({ ctx, input }) => saveFeature({ tenantId: ctx.tenantId, ...input }));
