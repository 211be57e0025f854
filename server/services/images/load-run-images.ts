import { and, asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { images } from "../../../db/schema";
import type { Env } from "../../env.server";
import { imageStore } from "../../storage/image-store";

/** A run's images as base64 for the first model message. */
export async function loadRunImages(options: { tenantId: number; runId: number; env: Env }) {
  const rows = await db
    .select({ contentType: images.contentType, sha256: images.sha256 })
    .from(images)
    .where(and(eq(images.tenantId, options.tenantId), eq(images.runId, options.runId)))
    .orderBy(asc(images.id));
  const store = imageStore(options.env);
  return Promise.all(
    rows.map(async (row) => ({
      mediaType: row.contentType,
      dataBase64: (await store.get(`${options.tenantId}/${row.sha256}`)).toString("base64"),
    })),
  );
}
