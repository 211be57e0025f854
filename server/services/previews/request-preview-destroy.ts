import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { previewDeployments } from "../../../db/schema";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { previewDestroyJob } from "../../../jobs/previews";
import { AppError } from "../../errors";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import { getPreview } from "./get-preview";

export async function requestPreviewDestroy(options: { tenantId: number; previewId: number }) {
  const preview = await getPreview(options);
  if (preview.destroyedAt) throw new AppError("CONFLICT", "This preview is already destroyed.");
  await db
    .update(previewDeployments)
    .set({ status: "destroying", updatedAt: new Date() })
    .where(eq(previewDeployments.id, preview.id));
  await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "preview", subjectId: preview.id });
  await sendJob(getBoss(), previewDestroyJob, { tenantId: options.tenantId, previewId: options.previewId });
  return { ...preview, status: "destroying" };
}
