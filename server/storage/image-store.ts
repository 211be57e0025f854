import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Env } from "../env.server";

/**
 * Where uploaded images live: on local disk under DATA_DIR/images by default.
 * Keys are `{tenantId}/{sha256}` — never a user-supplied name.
 */
export function imageStore(env: Env) {
  const root = path.resolve(env.DATA_DIR, "images");
  const fileOf = (key: string) => {
    if (!/^\d+\/[a-f0-9]{64}$/.test(key)) throw new Error(`Bad image key ${key}`);
    return path.join(root, key);
  };
  return {
    async put(key: string, bytes: Buffer) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
    },
    async get(key: string) {
      return readFile(fileOf(key));
    },
  };
}
