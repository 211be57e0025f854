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
