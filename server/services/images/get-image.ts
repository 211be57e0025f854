import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { images } from "../../../db/schema";
import type { Env } from "../../env.server";
import { notFound } from "../../errors";
import { imageStore } from "../../storage/image-store";

/** An image of this tenant with its bytes; another tenant's id is not found. */
export async function getImage(options: { tenantId: number; imageId: number; env: Env }) {
  const [image] = await db
    .select()
    .from(images)
    .where(and(eq(images.id, options.imageId), eq(images.tenantId, options.tenantId)));
  if (!image) throw notFound("Image");
  const bytes = await imageStore(options.env).get(`${image.tenantId}/${image.sha256}`);
  return { image, bytes };
}
