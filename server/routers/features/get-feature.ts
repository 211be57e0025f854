import { z } from "zod";
import { getFeature } from "../../services/features/get-feature";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZFeatureDetail } from "./schemas";

export const ZGetFeatureRequest = z.object({ featureId: ZId });

export const getFeatureProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetFeatureRequest)
  .output(ZFeatureDetail)
  .query(({ ctx, input }) => getFeature({ tenantId: ctx.tenantId, ...input }));
