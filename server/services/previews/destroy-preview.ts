import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { previewDeployments } from "../../../db/schema";
import { deletePreview } from "../../../k8s/previews";
import type { Env } from "../../env.server";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import { getPreview } from "./get-preview";
import { previewContext } from "./preview-context";

/** The destroy job: removes the preview's objects; the row stays as history. */
export async function destroyPreview(options: { tenantId: number; previewId: number; env: Env }) {
  const { preview, clients, namespace, name } = await previewContext(options);
  await deletePreview(clients, { namespace, name });
  await db
    .update(previewDeployments)
    .set({ status: "destroyed", destroyedAt: new Date(), updatedAt: new Date() })
    .where(eq(previewDeployments.id, preview.id));
  await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "preview", subjectId: preview.id });
  return getPreview(options);
}
