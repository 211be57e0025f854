import { and, asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { images } from "../../../db/schema";

export async function listRunImages(options: { tenantId: number; runId: number }) {
  return db
    .select({ id: images.id, contentType: images.contentType, byteSize: images.byteSize, filename: images.filename })
    .from(images)
    .where(and(eq(images.tenantId, options.tenantId), eq(images.runId, options.runId)))
    .orderBy(asc(images.id));
}
