import { router } from "../../trpc/procedures";
import { createFeatureProcedure } from "./create-feature";
import { deleteFeatureProcedure } from "./delete-feature";
import { getFeatureProcedure } from "./get-feature";
import { searchFeaturesProcedure } from "./search-features";
import { updateFeatureProcedure } from "./update-feature";

/** Features: the repositories a product feature spans (multi-repo runs fan out over them) and the names people use for it. */
export const featuresRouter = router({
  search: searchFeaturesProcedure,
  get: getFeatureProcedure,
  create: createFeatureProcedure,
  update: updateFeatureProcedure,
  delete: deleteFeatureProcedure,
});
