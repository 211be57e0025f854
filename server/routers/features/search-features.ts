import { z } from "zod";
import { searchFeatures } from "../../services/features/search-features";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZFeatureDetail } from "./schemas";

export const ZSearchFeaturesRequest = z.object({ query: z.string().max(200).optional(), projectId: ZId.optional() });

export const searchFeaturesProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZSearchFeaturesRequest)
  .output(z.array(ZFeatureDetail))
  .query(({ ctx, input }) => searchFeatures({ tenantId: ctx.tenantId, ...input }));
