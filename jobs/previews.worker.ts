import { deployPreview } from "../server/services/previews/deploy-preview";
import { destroyPreview } from "../server/services/previews/destroy-preview";
import { defineWorker } from "./define-job";
import { previewDeployJob, previewDestroyJob } from "./previews";

export const previewDeployWorker = defineWorker(previewDeployJob, {
  handle: (payload, deps) => deployPreview({ ...payload, env: deps.env }),
});

export const previewDestroyWorker = defineWorker(previewDestroyJob, {
  handle: (payload, deps) => destroyPreview({ ...payload, env: deps.env }),
});
