import { livePreviewsOf } from "./live-previews";
import { requestPreviewDestroy } from "./request-preview-destroy";

/** A closed or merged pull request's branch loses its previews. */
export async function destroyPreviewsOfBranch(options: { tenantId: number; repositoryId: number; branch: string }) {
  const live = await livePreviewsOf(options);
  for (const preview of live) await requestPreviewDestroy({ tenantId: options.tenantId, previewId: preview.id });
  return live.length;
}
