import { deployPreview, destroyPreview } from "../server/services/previews/previews";
import type { JobDeps } from "./define-job";

export const handlePreviewDeploy = (payload: { tenantId: number; previewId: number }, deps: JobDeps) =>
  deployPreview({ ...payload, env: deps.env });
export const handlePreviewDestroy = (payload: { tenantId: number; previewId: number }, deps: JobDeps) =>
  destroyPreview({ ...payload, env: deps.env });
