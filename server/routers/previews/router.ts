import { router } from "../../trpc/procedures";
import { getPreviewProcedure } from "./get-preview";
import { listPreviewsProcedure } from "./list-previews";
import { requestPreviewProcedure } from "./request-preview";
import { requestPreviewDestroyProcedure } from "./request-preview-destroy";

/** Preview deployments of branches. */
export const previewsRouter = router({
  list: listPreviewsProcedure,
  get: getPreviewProcedure,
  deploy: requestPreviewProcedure,
  destroy: requestPreviewDestroyProcedure,
});
