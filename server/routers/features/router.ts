import { z } from "zod";
import { deleteFeature, getFeature, saveFeature, searchFeatures } from "../../services/features/features";
import { router, tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

const ZFeature = z.object({
  name: z.string().trim().min(1, "Name the feature.").max(120),
  description: z.string().max(5_000).default(""),
  projectId: ZId.nullable().default(null),
  repositories: z
    .array(z.object({ repositoryId: ZId, relativeImpact: z.number().min(0).max(1).default(1) }))
    .max(20, "At most 20 repositories per feature.")
    .default([]),
  aliases: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
});

/** Features: the repositories a product feature spans (multi-repo runs fan out over them) and the names people use for it. */
export const featuresRouter = router({
  search: tenantProcedure
    .input(z.object({ query: z.string().max(200).optional(), projectId: ZId.optional() }))
    .query(({ ctx, input }) => searchFeatures({ tenantId: ctx.tenantId, ...input })),
  get: tenantProcedure
    .input(z.object({ featureId: ZId }))
    .query(({ ctx, input }) => getFeature({ tenantId: ctx.tenantId, ...input })),
  create: tenantProcedure.input(ZFeature).mutation(({ ctx, input }) => saveFeature({ tenantId: ctx.tenantId, ...input })),
  update: tenantProcedure
    .input(ZFeature.extend({ featureId: ZId }))
    .mutation(({ ctx, input }) => saveFeature({ tenantId: ctx.tenantId, ...input })),
  delete: tenantProcedure
    .input(z.object({ featureId: ZId }))
    .mutation(({ ctx, input }) => deleteFeature({ tenantId: ctx.tenantId, ...input })),
});
