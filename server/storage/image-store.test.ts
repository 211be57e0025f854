import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeS3, type FakeS3 } from "../../test/fakes/s3";
import { getEnv } from "../env.server";
import { imageStore } from "./image-store";

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("not really a png")]);
const keyOf = (tenantId: number, bytes: Buffer) => `${tenantId}/${createHash("sha256").update(bytes).digest("hex")}`;

let fake: FakeS3;
let dataDir: string;

beforeAll(async () => {
  fake = await startFakeS3({ bucket: "images-bucket", accessKeyId: "AKIDTEST", secretAccessKey: "s3cr3t/key+value" });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "image-store-"));
});

afterAll(async () => {
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** An environment as the app would read it, pointed at the fake; `overrides` may unset a value with undefined. */
function envFor(overrides: Record<string, string | undefined> = {}) {
  return getEnv({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    SESSION_SECRET: "test-session-secret",
    S3_ENDPOINT: fake.url,
    S3_BUCKET: fake.bucket,
    S3_ACCESS_KEY_ID: fake.accessKeyId,
    S3_SECRET_ACCESS_KEY: fake.secretAccessKey,
    ...overrides,
  });
}

describe("imageStore on S3", () => {
  it("parses the S3 settings", () => {
    const env = envFor({ S3_REGION: undefined, S3_FORCE_PATH_STYLE: undefined });
    expect(env).toMatchObject({
      S3_BUCKET: "images-bucket",
      S3_ENDPOINT: fake.url,
      S3_REGION: "us-east-1",
      S3_FORCE_PATH_STYLE: true,
    });
    expect(envFor({ S3_FORCE_PATH_STYLE: "0" }).S3_FORCE_PATH_STYLE).toBe(false);
    expect(() => envFor({ S3_ENDPOINT: "not a url" })).toThrow(/S3_ENDPOINT/);
  });

  it("stores the exact bytes under images/{key} with the content type", async () => {
    const store = imageStore(envFor());
    expect(store.kind).toBe("s3");
    const key = keyOf(7, PNG);

    await store.put(key, PNG, "image/png");

    const object = fake.objects.get(`images/${key}`);
    expect(object?.body.equals(PNG)).toBe(true);
    expect(object?.contentType).toBe("image/png");
    const put = fake.requests.findLast((request) => request.method === "PUT");
    expect(put?.path).toBe(`/images-bucket/images/${key}`);
    // A custom endpoint gets no SSE-S3 request (MinIO & co. may not support it).
    expect(put?.headers["x-amz-server-side-encryption"]).toBeUndefined();
    expect(existsSync(path.join(dataDir, "images", key))).toBe(false);
  });

  it("reads back what it stored", async () => {
    const env = envFor();
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02, 0xfe]);
    const key = keyOf(3, bytes);
    await imageStore(env).put(key, bytes, "image/jpeg");

    const read = await imageStore(env).get(key);

    expect(Buffer.isBuffer(read)).toBe(true);
    expect(read.equals(bytes)).toBe(true);
  });

  it("says the image file is missing for an unknown key", async () => {
    const key = keyOf(9, Buffer.from("never stored"));
    await expect(imageStore(envFor()).get(key)).rejects.toThrow(/image file is missing/i);
  });

  it("refuses bad keys before asking S3", async () => {
    const before = fake.requests.length;
    const store = imageStore(envFor());
    await expect(store.put("../etc/passwd", PNG)).rejects.toThrow(/Bad image key/);
    await expect(store.get("7/ABC")).rejects.toThrow(/Bad image key/);
    expect(fake.requests.length).toBe(before);
  });

  it("fails the upload when the secret is wrong (signature refused), without leaking it", async () => {
    const key = keyOf(4, PNG);
    const error = await imageStore(envFor({ S3_SECRET_ACCESS_KEY: "wrong-secret" }))
      .put(key, PNG, "image/png")
      .then(
        () => undefined,
        (failure: unknown) => failure as Error,
      );
    expect(error?.message).toMatch(/SignatureDoesNotMatch/);
    expect(error?.message).not.toContain("wrong-secret");
    expect(fake.objects.has(`images/${key}`)).toBe(false);
  });

  it("fails the upload for an unknown access key", async () => {
    const key = keyOf(5, PNG);
    await expect(imageStore(envFor({ S3_ACCESS_KEY_ID: "AKIDOTHER" })).put(key, PNG)).rejects.toThrow(/InvalidAccessKeyId/);
    expect(fake.objects.has(`images/${key}`)).toBe(false);
  });

  it("reports an unknown bucket as such, not as a missing image", async () => {
    const key = keyOf(6, PNG);
    await expect(imageStore(envFor({ S3_BUCKET: "no-such-bucket" })).get(key)).rejects.toThrow(/NoSuchBucket/);
  });

  it("needs both halves of the key pair", () => {
    expect(() => imageStore(envFor({ S3_SECRET_ACCESS_KEY: undefined }))).toThrow(/must be set together/);
  });
});

describe("imageStore on an S3-compatible store that refuses checksum headers, as R2 does", () => {
  let r2: FakeS3;
  beforeAll(async () => {
    r2 = await startFakeS3({
      bucket: fake.bucket,
      accessKeyId: fake.accessKeyId,
      secretAccessKey: fake.secretAccessKey,
      rejectChecksumHeaders: true,
    });
  });
  afterAll(async () => {
    await r2?.close();
  });
  const r2Env = (overrides: Record<string, string | undefined> = {}) => envFor({ S3_ENDPOINT: r2.url, ...overrides });

  it("stores and reads back an image, sending checksums only when required", async () => {
    const env = r2Env();
    const key = keyOf(8, PNG);

    await imageStore(env).put(key, PNG, "image/png");
    const read = await imageStore(env).get(key);

    expect(read.equals(PNG)).toBe(true);
    expect(r2.objects.get(`images/${key}`)?.contentType).toBe("image/png");
    const put = r2.requests.findLast((request) => request.method === "PUT");
    // Signed over the body itself: the fake checked this hash and the signature before storing.
    expect(put?.headers["x-amz-content-sha256"]).toBe(createHash("sha256").update(PNG).digest("hex"));
  });

  it("still checks the signature first", async () => {
    const key = keyOf(10, PNG);
    await expect(imageStore(r2Env({ S3_SECRET_ACCESS_KEY: "wrong-secret" })).put(key, PNG)).rejects.toThrow(
      /SignatureDoesNotMatch/,
    );
    expect(r2.objects.has(`images/${key}`)).toBe(false);
  });

  it("answers the SDK's default checksums with R2's 501 NotImplemented", async () => {
    const s3 = new S3Client({
      endpoint: r2.url,
      region: "auto",
      forcePathStyle: true,
      credentials: { accessKeyId: r2.accessKeyId, secretAccessKey: r2.secretAccessKey },
    });
    const refused = await s3
      .send(new PutObjectCommand({ Bucket: r2.bucket, Key: "defaults", Body: Buffer.from("x") }))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      name: "NotImplemented",
      message: expect.stringMatching(/^Header 'x-amz-checksum-crc32' with value '[A-Za-z0-9+/=]+' not implemented$/),
      $metadata: { httpStatusCode: 501 },
    });
    const streamed = await s3
      .send(
        new PutObjectCommand({ Bucket: r2.bucket, Key: "streamed", Body: Readable.from([Buffer.from("x")]), ContentLength: 1 }),
      )
      .catch((error: unknown) => error);
    expect(streamed).toMatchObject({ name: "NotImplemented", $metadata: { httpStatusCode: 501 } });
    expect(r2.objects.has("defaults") || r2.objects.has("streamed")).toBe(false);
    s3.destroy();
  });
});

describe("imageStore on disk", () => {
  it("is used when S3_BUCKET is unset, and round-trips", async () => {
    const diskDir = mkdtempSync(path.join(os.tmpdir(), "image-store-disk-"));
    try {
      const env = envFor({ DATA_DIR: diskDir, S3_BUCKET: undefined });
      const store = imageStore(env);
      expect(store.kind).toBe("disk");
      const key = keyOf(2, PNG);
      const before = fake.requests.length;

      await store.put(key, PNG, "image/png");

      expect(readFileSync(path.join(diskDir, "images", key)).equals(PNG)).toBe(true);
      expect((await imageStore(env).get(key)).equals(PNG)).toBe(true);
      await expect(store.get(keyOf(2, Buffer.from("other")))).rejects.toThrow(/image file is missing/i);
      await expect(store.put("2/../../x", PNG)).rejects.toThrow(/Bad image key/);
      expect(fake.requests.length).toBe(before);
    } finally {
      rmSync(diskDir, { recursive: true, force: true });
    }
  });
});

describe("fake S3", () => {
  const client = () =>
    new S3Client({
      endpoint: fake.url,
      region: "eu-west-3",
      forcePathStyle: true,
      credentials: { accessKeyId: fake.accessKeyId, secretAccessKey: fake.secretAccessKey },
    });

  it("serves HeadObject and DeleteObject, and signs keys with special characters", async () => {
    const s3 = client();
    const Key = "odd keys/ü+(1)*!.txt";
    await s3.send(new PutObjectCommand({ Bucket: fake.bucket, Key, Body: Buffer.from("hello"), ContentType: "text/plain" }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: fake.bucket, Key }));
    expect(head).toMatchObject({ ContentLength: 5, ContentType: "text/plain" });

    await s3.send(new DeleteObjectCommand({ Bucket: fake.bucket, Key }));
    expect(fake.objects.has(Key)).toBe(false);
    await expect(s3.send(new HeadObjectCommand({ Bucket: fake.bucket, Key }))).rejects.toMatchObject({ name: "NotFound" });
    await expect(s3.send(new GetObjectCommand({ Bucket: fake.bucket, Key }))).rejects.toMatchObject({ name: "NoSuchKey" });
    s3.destroy();
  });

  it("decodes aws-chunked stream uploads and checks their trailing CRC32", async () => {
    const s3 = client();
    const body = Readable.from([Buffer.from("first,"), Buffer.from("second")]);
    await s3.send(new PutObjectCommand({ Bucket: fake.bucket, Key: "streamed", Body: body, ContentLength: 12 }));
    const put = fake.requests.findLast((request) => request.method === "PUT");
    expect(put?.headers["content-encoding"]).toBe("aws-chunked");
    expect(fake.objects.get("streamed")?.body.toString()).toBe("first,second");
    s3.destroy();
  });

  it("answers S3 XML errors for unsigned, tampered and mismatched requests", async () => {
    const unsigned = await fetch(`${fake.url}/${fake.bucket}/anything`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain("<Code>AccessDenied</Code>");

    // Replay a real signed GET with another path: the signature no longer matches.
    const s3 = client();
    await s3.send(new PutObjectCommand({ Bucket: fake.bucket, Key: "a", Body: Buffer.from("a") }));
    await s3.send(new GetObjectCommand({ Bucket: fake.bucket, Key: "a" }));
    const signed = fake.requests.findLast((request) => request.method === "GET")!;
    const headers = Object.fromEntries(
      Object.entries(signed.headers).filter(([name]) => !["host", "connection"].includes(name)),
    ) as Record<string, string>;
    const tampered = await fetch(`${fake.url}/${fake.bucket}/b`, { headers });
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain("<Code>SignatureDoesNotMatch</Code>");

    const missing = await s3.send(new GetObjectCommand({ Bucket: fake.bucket, Key: "nothing/here" })).catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: "NoSuchKey", $metadata: { httpStatusCode: 404 } });
    s3.destroy();
  });
});
