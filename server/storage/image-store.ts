import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { assertNoOpenTransaction } from "../../db/client";
import type { Env } from "../env.server";

/**
 * Where uploaded images live: in an S3-compatible bucket when S3_BUCKET is set
 * (objects `images/{key}`), otherwise on local disk under DATA_DIR/images.
 * Keys are `{tenantId}/{sha256}` — never a user-supplied name.
 */
export type ImageStore = {
  kind: "s3" | "disk";
  put(key: string, bytes: Buffer, contentType?: string): Promise<void>;
  /** The image's bytes; an Error saying the image file is missing when there is none. */
  get(key: string): Promise<Buffer>;
};

export function imageStore(env: Env): ImageStore {
  return env.S3_BUCKET ? s3Store(env, env.S3_BUCKET) : diskStore(env);
}

function checkedKey(key: string) {
  if (!/^\d+\/[a-f0-9]{64}$/.test(key)) throw new Error(`Bad image key ${key}`);
  return key;
}

function missing(key: string, cause?: unknown) {
  return new Error(`The image file is missing: ${key}`, cause === undefined ? undefined : { cause });
}

function diskStore(env: Env): ImageStore {
  const root = path.resolve(env.DATA_DIR, "images");
  const fileOf = (key: string) => path.join(root, checkedKey(key));
  return {
    kind: "disk",
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
    },
    async get(key) {
      const file = fileOf(key);
      try {
        return await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw missing(key, error);
        throw error;
      }
    },
  };
}

type S3Sdk = typeof import("@aws-sdk/client-s3");

/**
 * Since 3.729 the SDK adds CRC32 checksums (header or aws-chunked trailer) to every upload
 * and asks for them on reads; R2 and other S3-compatible servers answer 501 NotImplemented
 * or 400. So custom endpoints get checksums only where the operation requires one; AWS
 * keeps the defaults.
 */
const ONLY_REQUIRED_CHECKSUMS = {
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
} as const;

/**
 * One client (and its connection pool) per environment. The SDK (~25 MB of heap) is
 * loaded with the first image stored or read, so a process without S3 never loads it.
 */
const clients = new WeakMap<Env, Promise<{ sdk: S3Sdk; client: S3Client }>>();

function s3ClientFor(env: Env) {
  let connected = clients.get(env);
  if (!connected) {
    const keyId = env.S3_ACCESS_KEY_ID;
    const secret = env.S3_SECRET_ACCESS_KEY;
    if (Boolean(keyId) !== Boolean(secret)) {
      throw new Error("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together.");
    }
    connected = import("@aws-sdk/client-s3").then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: env.S3_REGION,
        ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT, ...ONLY_REQUIRED_CHECKSUMS } : {}),
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        // Without a key pair, the SDK's default chain (instance/pod role, AWS_* variables) applies.
        ...(keyId && secret ? { credentials: { accessKeyId: keyId, secretAccessKey: secret } } : {}),
      }),
    }));
    clients.set(env, connected);
  }
  return connected;
}

function s3Store(env: Env, bucket: string): ImageStore {
  const connected = s3ClientFor(env);
  const objectKey = (key: string) => `images/${checkedKey(key)}`;
  return {
    kind: "s3",
    async put(key, bytes, contentType) {
      assertNoOpenTransaction("S3");
      const { sdk, client } = await connected;
      const command = new sdk.PutObjectCommand({
        Bucket: bucket,
        Key: objectKey(key),
        Body: bytes,
        ContentLength: bytes.length,
        ...(contentType ? { ContentType: contentType } : {}),
        // S3-compatible servers often lack SSE-S3; AWS encrypts at rest anyway but asking is explicit.
        ...(env.S3_ENDPOINT ? {} : { ServerSideEncryption: "AES256" as const }),
      });
      try {
        await client.send(command);
      } catch (error) {
        throw s3Failure(sdk, `Could not store image ${key} in bucket ${bucket}`, error);
      }
    },
    async get(key) {
      assertNoOpenTransaction("S3");
      const { sdk, client } = await connected;
      const command = new sdk.GetObjectCommand({ Bucket: bucket, Key: objectKey(key) });
      let bytes: Uint8Array | undefined;
      try {
        const response = await client.send(command);
        bytes = await response.Body?.transformToByteArray();
      } catch (error) {
        if (error instanceof sdk.S3ServiceException && (error.name === "NoSuchKey" || error.name === "NotFound")) {
          throw missing(key, error);
        }
        throw s3Failure(sdk, `Could not read image ${key} from bucket ${bucket}`, error);
      }
      if (!bytes) throw missing(key);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}

/** The S3 error's code and message (never the request or its credentials), with the original as the cause. */
function s3Failure(sdk: S3Sdk, what: string, error: unknown) {
  if (error instanceof sdk.S3ServiceException) {
    return new Error(`${what}: ${error.name}: ${error.message}`, { cause: error });
  }
  if (error instanceof Error) return new Error(`${what}: ${error.message}`, { cause: error });
  return new Error(`${what}: ${String(error)}`);
}
