import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { previewDeployments } from "../../../db/schema";
import { notFound } from "../../errors";
import { previewColumns } from "./preview-columns";

export async function getPreview(options: { tenantId: number; previewId: number }) {
  const [row] = await db
    .select(previewColumns)
    .from(previewDeployments)
    .where(and(eq(previewDeployments.id, options.previewId), eq(previewDeployments.tenantId, options.tenantId)));
  if (!row) throw notFound("Preview");
  return row;
}
