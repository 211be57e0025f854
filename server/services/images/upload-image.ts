import { createHash } from "node:crypto";
import { db } from "../../../db/client";
import { images } from "../../../db/schema";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { imageStore } from "../../storage/image-store";
import { detectImageType } from "./detect-image-type";

/**
 * The largest image every provider takes: Anthropic's 5 MB limit applies to the base64 data it
 * receives, which is 4/3 of the image (OpenAI's 20 MB per image is looser). 3,932,160 bytes.
 */
export const MAX_IMAGE_BYTES = ((5 * 1024 * 1024) / 4) * 3;

export const IMAGE_TOO_LARGE = "Images are limited to 3.75 MB (Claude takes at most 5 MB once the image is base64-encoded).";

/** Stores an uploaded image for the tenant after checking its size and real type. */
export async function uploadImage(options: {
  tenantId: number;
  userId: number;
  env: Env;
  bytes: Buffer;
  filename?: string | null;
}) {
  if (options.bytes.length === 0) throw new AppError("BAD_REQUEST", "The image is empty.");
  if (options.bytes.length > MAX_IMAGE_BYTES) throw new AppError("BAD_REQUEST", IMAGE_TOO_LARGE);
  const contentType = detectImageType(options.bytes);
  if (!contentType) throw new AppError("BAD_REQUEST", "Only PNG, JPEG, GIF and WebP images can be attached.");
  const sha256 = createHash("sha256").update(options.bytes).digest("hex");
  await imageStore(options.env).put(`${options.tenantId}/${sha256}`, options.bytes, contentType);
  const [image] = await db
    .insert(images)
    .values({
      tenantId: options.tenantId,
      uploadedBy: options.userId,
      // The same bytes may be uploaded again (another run); the row is per upload, the file is shared.
      storageKey: `${options.tenantId}/${sha256}/${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      contentType,
      byteSize: options.bytes.length,
      filename: options.filename?.slice(0, 200) ?? null,
      sha256,
    })
    .returning({ id: images.id, contentType: images.contentType, byteSize: images.byteSize, filename: images.filename });
  return image!;
}
