import { z } from "zod";
import { deleteFeature } from "../../services/features/delete-feature";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZIdResponse } from "../schemas";

export const ZDeleteFeatureRequest = z.object({ featureId: ZId });

export const deleteFeatureProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZDeleteFeatureRequest)
  .output(ZIdResponse)
  .mutation(({ ctx, input }) => deleteFeature({ tenantId: ctx.tenantId, ...input }));
