import { createHash } from "node:crypto";
import { db } from "../../../db/client";
import { images } from "../../../db/schema";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { imageStore } from "../../storage/image-store";

/**
 * The largest image every provider takes: Anthropic's 5 MB limit applies to the base64 data it
 * receives, which is 4/3 of the image (OpenAI's 20 MB per image is looser). 3,932,160 bytes.
 */
export const MAX_IMAGE_BYTES = ((5 * 1024 * 1024) / 4) * 3;

/**
 * The most base64 a run's images may add up to: Anthropic refuses a request over 32 MB in all, and
 * every request of the run carries its images, so 8 MB is left for the prompt and the conversation.
 */
export const MAX_RUN_IMAGES_BASE64_BYTES = 24 * 1024 * 1024;

export const RUN_IMAGES_TOO_LARGE =
  "A run's images are limited to 24 MB in all once base64-encoded (Claude takes at most 32 MB a request); attach fewer or smaller images.";

/** How many bytes an image takes once base64-encoded, as it is sent to a model. */
export function base64Size(bytes: number) {
  return Math.ceil(bytes / 3) * 4;
}

export const IMAGE_TOO_LARGE = "Images are limited to 3.75 MB (Claude takes at most 5 MB once the image is base64-encoded).";

/** The image types both providers accept, recognised by their first bytes, not by what the client claims. */
const SIGNATURES: Array<{ type: string; matches: (bytes: Buffer) => boolean }> = [
  { type: "image/png", matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: "image/jpeg", matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: "image/gif",
    matches: (b) => b.subarray(0, 6).toString("latin1") === "GIF87a" || b.subarray(0, 6).toString("latin1") === "GIF89a",
  },
  {
    type: "image/webp",
    matches: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
  },
];

export function detectImageType(bytes: Buffer) {
  return SIGNATURES.find((signature) => signature.matches(bytes))?.type ?? null;
}

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
