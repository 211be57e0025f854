import type { Env } from "../../env.server";
import { getImage, listRunImages } from "./images";

/** A run's images as base64 for the first model message. */
export async function loadRunImages(options: { tenantId: number; runId: number; env: Env }) {
  const rows = await listRunImages(options);
  return Promise.all(
    rows.map(async (row) => {
      const { image, bytes } = await getImage({ tenantId: options.tenantId, imageId: row.id, env: options.env });
      return { mediaType: image.contentType, dataBase64: bytes.toString("base64") };
    }),
  );
}
