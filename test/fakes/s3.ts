import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { crc32 } from "node:zlib";

/**
 * A local S3-compatible server, path-style only (`/{bucket}/{key}`), with just
 * enough of the REST API for object storage: PutObject, GetObject, HeadObject
 * and DeleteObject on one bucket.
 *
 * Like S3 it checks every request's AWS Signature V4 (`Authorization:
 * AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`) against its one
 * key pair, and answers with S3's XML errors (`NoSuchKey`, `NoSuchBucket`,
 * `InvalidAccessKeyId`, `SignatureDoesNotMatch`, …).
 *
 * Payloads: a hex `x-amz-content-sha256` must match the body, `UNSIGNED-PAYLOAD`
 * is taken as is, and `aws-chunked` bodies (`STREAMING-*` payloads, sent by the
 * SDK for streams) are decoded, with their chunk signatures checked when signed.
 * `x-amz-checksum-crc32` / `-sha1` / `-sha256` (header or trailer) are verified;
 * other checksum algorithms are accepted unchecked. A stored CRC32 is returned
 * on GET/HEAD when the client asks (`x-amz-checksum-mode: ENABLED`), so the SDK
 * validates what it reads.
 *
 * With `rejectChecksumHeaders` it acts like Cloudflare R2 (and other S3-compatible
 * servers) facing the SDK's default flexible checksums: a signed request carrying
 * `x-amz-checksum-*` (`-crc32`…, and `-mode` on reads), `x-amz-sdk-checksum-algorithm`
 * or a trailing checksum gets
 * R2's `501 NotImplemented` ("Header '…' with value '…' not implemented").
 *
 * Use with `@aws-sdk/client-s3`: `endpoint: fake.url, forcePathStyle: true,
 * credentials: { accessKeyId: fake.accessKeyId, secretAccessKey: fake.secretAccessKey }`.
 */
export async function startFakeS3(options: FakeS3Options = {}): Promise<FakeS3> {
  const bucket = options.bucket ?? "test-bucket";
  const accessKeyId = options.accessKeyId ?? "FAKEACCESSKEY";
  const secretAccessKey = options.secretAccessKey ?? "fake-secret-access-key";
  const objects = new Map<string, FakeS3Object>();
  const requests: FakeS3Request[] = [];
  const state: ServerState = {
    bucket,
    accessKeyId,
    secretAccessKey,
    objects,
    rejectChecksumHeaders: options.rejectChecksumHeaders ?? false,
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake-s3");
      requests.push({ method: req.method ?? "GET", path: url.pathname, headers: { ...req.headers } });
      try {
        handle(state, req, res, Buffer.concat(chunks));
      } catch (error) {
        sendError(req, res, 500, "InternalError", `Fake S3 failed: ${(error as Error).message}`);
      }
    });
    req.on("error", () => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    secretAccessKey,
    objects,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export type FakeS3Options = {
  /** 0 (any free port) by default. */
  port?: number;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** The one bucket that exists; "test-bucket" by default. */
  bucket?: string;
  /** Answer requests with flexible-checksum headers or trailers as R2 does: 501 NotImplemented. */
  rejectChecksumHeaders?: boolean;
};

export type FakeS3Object = {
  body: Buffer;
  contentType?: string;
  /** Base64 CRC32 sent with the upload (or computed), returned on reads with checksum mode on. */
  crc32?: string;
  lastModified?: Date;
};

export type FakeS3Request = {
  method: string;
  /** As sent (URI-encoded), bucket included: `/{bucket}/{key}`. */
  path: string;
  headers: http.IncomingHttpHeaders;
};

export type FakeS3 = {
  /** Pass as the client's `endpoint`, with `forcePathStyle: true`. */
  url: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Objects by key (without the bucket). */
  objects: Map<string, FakeS3Object>;
  /** Every request received, signed or not, in order. */
  requests: FakeS3Request[];
  close(): Promise<void>;
};

type ServerState = {
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  objects: Map<string, FakeS3Object>;
  rejectChecksumHeaders: boolean;
};

const EMPTY_SHA256 = sha256Hex("");
/** S3 refuses requests signed more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

function handle(state: ServerState, req: http.IncomingMessage, res: http.ServerResponse, rawBody: Buffer) {
  const method = req.method ?? "GET";
  const rawUrl = req.url ?? "/";
  const rawPath = rawUrl.split("?")[0] ?? "/";
  const url = new URL(rawUrl, "http://fake-s3");

  const auth = authenticate(state, req, method, rawPath, url.searchParams);
  if (!auth.ok) return sendError(req, res, auth.status, auth.code, auth.message, auth.extra);
  if (state.rejectChecksumHeaders) {
    const refused = checksumHeaderOf(req);
    if (refused) {
      return sendError(req, res, 501, "NotImplemented", `Header '${refused.name}' with value '${refused.value}' not implemented`);
    }
  }

  const segments = rawPath.split("/").slice(1);
  const bucketName = decodeURIComponent(segments[0] ?? "");
  const key = segments.slice(1).map(decodeURIComponent).join("/");
  if (!bucketName) return sendError(req, res, 501, "NotImplemented", "ListBuckets is not implemented by the fake.");
  if (bucketName !== state.bucket) {
    return sendError(req, res, 404, "NoSuchBucket", "The specified bucket does not exist", { BucketName: bucketName });
  }
  if (!key) return sendError(req, res, 501, "NotImplemented", `${method} on a bucket is not implemented by the fake.`);
  const unsupported = [...url.searchParams.keys()].find((name) => name !== "x-id");
  if (unsupported) {
    return sendError(req, res, 501, "NotImplemented", `The ?${unsupported} sub-resource is not implemented by the fake.`);
  }

  switch (method) {
    case "PUT": {
      const payload = readPayload(req, rawBody, auth);
      if (!payload.ok) return sendError(req, res, payload.status, payload.code, payload.message);
      const checked = verifyChecksums(payload.body, { ...req.headers, ...payload.trailers });
      if (!checked.ok) return sendError(req, res, 400, checked.code, checked.message);
      const contentType = req.headers["content-type"];
      const object: FakeS3Object = {
        body: payload.body,
        ...(contentType ? { contentType } : {}),
        crc32: crc32Base64(payload.body),
        lastModified: new Date(),
      };
      state.objects.set(key, object);
      res.writeHead(200, {
        ...baseHeaders(),
        ETag: etagOf(object.body),
        ...(checked.crc32 ? { "x-amz-checksum-crc32": checked.crc32 } : {}),
        ...(req.headers["x-amz-server-side-encryption"]
          ? { "x-amz-server-side-encryption": req.headers["x-amz-server-side-encryption"] }
          : {}),
      });
      return res.end();
    }
    case "GET":
    case "HEAD": {
      const object = state.objects.get(key);
      if (!object) return sendError(req, res, 404, "NoSuchKey", "The specified key does not exist.", { Key: key });
      res.writeHead(200, {
        ...baseHeaders(),
        "Content-Type": object.contentType ?? "binary/octet-stream",
        "Content-Length": String(object.body.length),
        ETag: etagOf(object.body),
        "Last-Modified": (object.lastModified ?? new Date()).toUTCString(),
        "Accept-Ranges": "bytes",
        ...(req.headers["x-amz-checksum-mode"] === "ENABLED" && object.crc32
          ? { "x-amz-checksum-crc32": object.crc32, "x-amz-checksum-type": "FULL_OBJECT" }
          : {}),
      });
      return res.end(method === "HEAD" ? undefined : object.body);
    }
    case "DELETE":
      state.objects.delete(key);
      res.writeHead(204, baseHeaders());
      return res.end();
    default:
      return sendError(req, res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.", {
        Method: method,
        ResourceType: "OBJECT",
      });
  }
}

// ---------------------------------------------------------------------------
// Signature V4

type Authenticated = {
  ok: true;
  signingKey: Buffer;
  scope: string;
  amzDate: string;
  seedSignature: string;
  payloadHash: string;
};
type Failure = { ok: false; status: number; code: string; message: string; extra?: Record<string, string> };

function authenticate(
  state: ServerState,
  req: http.IncomingMessage,
  method: string,
  rawPath: string,
  query: URLSearchParams,
): Authenticated | Failure {
  const header = req.headers.authorization;
  if (!header) {
    if (query.has("X-Amz-Signature")) return fail(501, "NotImplemented", "Presigned URLs are not implemented by the fake.");
    return fail(403, "AccessDenied", "Access Denied");
  }
  const match = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
    header.trim(),
  );
  if (!match) return fail(400, "AuthorizationHeaderMalformed", "The authorization header is malformed.");
  const [, credential = "", signedHeaderList = "", signature = ""] = match;
  const [keyId, date, region, service, terminator, ...rest] = credential.split("/");
  if (!keyId || !date || !region || service !== "s3" || terminator !== "aws4_request" || rest.length > 0) {
    return fail(400, "AuthorizationHeaderMalformed", `The authorization header is malformed; bad credential ${credential}.`);
  }
  if (keyId !== state.accessKeyId) {
    return fail(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", {
      AWSAccessKeyId: keyId,
    });
  }

  const amzDate = headerValue(req, "x-amz-date");
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    return fail(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
  }
  if (!amzDate.startsWith(date)) {
    return fail(400, "AuthorizationHeaderMalformed", "The credential scope date does not match x-amz-date.");
  }
  const requestTime = Date.UTC(
    Number(amzDate.slice(0, 4)),
    Number(amzDate.slice(4, 6)) - 1,
    Number(amzDate.slice(6, 8)),
    Number(amzDate.slice(9, 11)),
    Number(amzDate.slice(11, 13)),
    Number(amzDate.slice(13, 15)),
  );
  if (Math.abs(Date.now() - requestTime) > MAX_SKEW_MS) {
    return fail(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.");
  }

  const payloadHash = headerValue(req, "x-amz-content-sha256");
  if (!payloadHash) return fail(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");

  const signedHeaders = signedHeaderList.split(";");
  if (!signedHeaders.includes("host")) {
    return fail(400, "AuthorizationHeaderMalformed", "The host header must be signed.");
  }
  for (const name of Object.keys(req.headers)) {
    if (name.startsWith("x-amz-") && !signedHeaders.includes(name)) {
      return fail(403, "AccessDenied", `There were headers present in the request which were not signed: ${name}`);
    }
  }
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${canonicalHeaderValue(req, name)}\n`).join("");
  const canonicalRequest = [
    method,
    canonicalUri(rawPath),
    canonicalQuery(query),
    canonicalHeaders,
    signedHeaderList,
    payloadHash,
  ].join("\n");
  const scope = `${date}/${region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = deriveSigningKey(state.secretAccessKey, date, region);
  const expected = hmac(signingKey, stringToSign).toString("hex");
  if (!sameHex(expected, signature)) {
    return fail(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
      { AWSAccessKeyId: keyId, StringToSign: stringToSign, CanonicalRequest: canonicalRequest },
    );
  }
  return { ok: true, signingKey, scope, amzDate, seedSignature: signature, payloadHash };
}

function deriveSigningKey(secret: string, date: string, region: string) {
  const dateKey = hmac(`AWS4${secret}`, date);
  const regionKey = hmac(dateKey, region);
  const serviceKey = hmac(regionKey, "s3");
  return hmac(serviceKey, "aws4_request");
}

/** S3 signs the path URI-encoded once (RFC 3986 unreserved characters kept, `/` kept between segments). */
function canonicalUri(rawPath: string) {
  return rawPath
    .split("/")
    .map((segment) => uriEncode(safeDecode(segment)))
    .join("/");
}

function canonicalQuery(query: URLSearchParams) {
  return [...query.entries()]
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

function canonicalHeaderValue(req: http.IncomingMessage, name: string) {
  const value = req.headers[name];
  const joined = Array.isArray(value) ? value.join(",") : (value ?? "");
  return joined.trim().replace(/\s+/g, " ");
}

function uriEncode(value: string) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function compare(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Payloads

type Payload = { ok: true; body: Buffer; trailers: Record<string, string> } | Failure;

function readPayload(req: http.IncomingMessage, rawBody: Buffer, auth: Authenticated): Payload {
  const { payloadHash } = auth;
  if (payloadHash === "UNSIGNED-PAYLOAD") return { ok: true, body: rawBody, trailers: {} };
  if (/^[0-9a-f]{64}$/.test(payloadHash)) {
    if (sha256Hex(rawBody) !== payloadHash) {
      return fail(
        400,
        "XAmzContentSHA256Mismatch",
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
    return { ok: true, body: rawBody, trailers: {} };
  }
  const streaming = [
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
  ];
  if (!streaming.includes(payloadHash)) {
    return fail(400, "InvalidArgument", `x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a SHA-256 or a STREAMING-* value.`);
  }
  const decoded = decodeAwsChunked(rawBody, payloadHash.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD") ? auth : null);
  if (!decoded.ok) return decoded;
  const declared = headerValue(req, "x-amz-decoded-content-length");
  if (declared !== undefined && Number(declared) !== decoded.body.length) {
    return fail(400, "IncompleteBody", "You did not provide the number of bytes specified by x-amz-decoded-content-length.");
  }
  return decoded;
}

/**
 * `aws-chunked`: `{hex size}[;chunk-signature={sig}]\r\n{data}\r\n` … a 0-size
 * chunk, then optional trailer lines `name:value\r\n` and a final `\r\n`.
 * Signed chunks chain their signatures from the request's (seed) signature.
 */
function decodeAwsChunked(raw: Buffer, signed: Authenticated | null): Payload {
  const parts: Buffer[] = [];
  let offset = 0;
  let previousSignature = signed?.seedSignature ?? "";
  const malformed = (why: string) => fail(400, "IncompleteBody", `Malformed aws-chunked body: ${why}.`);
  for (;;) {
    const lineEnd = raw.indexOf("\r\n", offset, "latin1");
    if (lineEnd < 0) return malformed("missing chunk header");
    const header = raw.subarray(offset, lineEnd).toString("latin1");
    const [sizeText = "", ...extensions] = header.split(";");
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) return malformed(`bad chunk size ${JSON.stringify(sizeText)}`);
    const size = parseInt(sizeText, 16);
    const dataStart = lineEnd + 2;
    const data = raw.subarray(dataStart, dataStart + size);
    if (data.length !== size) return malformed("chunk shorter than its size");
    if (signed) {
      const chunkSignature = extensions.find((ext) => ext.startsWith("chunk-signature="))?.slice("chunk-signature=".length);
      if (!chunkSignature) return fail(403, "SignatureDoesNotMatch", "A chunk of a signed streaming upload has no signature.");
      const stringToSign = [
        "AWS4-HMAC-SHA256-PAYLOAD",
        signed.amzDate,
        signed.scope,
        previousSignature,
        EMPTY_SHA256,
        sha256Hex(data),
      ].join("\n");
      const expected = hmac(signed.signingKey, stringToSign).toString("hex");
      if (!sameHex(expected, chunkSignature)) {
        return fail(403, "SignatureDoesNotMatch", "The signature of a chunk of the streaming upload does not match.");
      }
      previousSignature = chunkSignature;
    }
    if (size === 0) {
      offset = dataStart;
      break;
    }
    parts.push(data);
    offset = dataStart + size;
    if (raw.subarray(offset, offset + 2).toString("latin1") !== "\r\n") return malformed("chunk data not followed by CRLF");
    offset += 2;
  }
  // Trailers (checksums, trailer signature) up to an empty line; the trailer signature is not verified.
  const trailers: Record<string, string> = {};
  const rest = raw.subarray(offset).toString("latin1");
  for (const line of rest.split("\r\n")) {
    if (!line) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) return malformed(`bad trailer line ${JSON.stringify(line)}`);
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { ok: true, body: Buffer.concat(parts), trailers };
}

function verifyChecksums(
  body: Buffer,
  headers: Record<string, string | string[] | undefined>,
): { ok: true; crc32?: string } | { ok: false; code: string; message: string } {
  const value = (name: string) => {
    const raw = headers[name];
    return Array.isArray(raw) ? raw[0] : raw;
  };
  const checks: Array<[string, string, () => string]> = [
    ["x-amz-checksum-crc32", "CRC32", () => crc32Base64(body)],
    ["x-amz-checksum-sha1", "SHA1", () => createHash("sha1").update(body).digest("base64")],
    ["x-amz-checksum-sha256", "SHA256", () => createHash("sha256").update(body).digest("base64")],
  ];
  for (const [name, algorithm, compute] of checks) {
    const sent = value(name);
    if (sent !== undefined && sent !== compute()) {
      return { ok: false, code: "BadDigest", message: `The ${algorithm} you specified did not match the calculated checksum.` };
    }
  }
  const md5 = value("content-md5");
  if (md5 !== undefined && md5 !== createHash("md5").update(body).digest("base64")) {
    return { ok: false, code: "BadDigest", message: "The Content-MD5 you specified did not match what we received." };
  }
  const crc = value("x-amz-checksum-crc32");
  return crc ? { ok: true, crc32: crc } : { ok: true };
}

/** The first header R2 refuses: a flexible checksum, its algorithm, or a trailer (where a checksum would follow the body). */
function checksumHeaderOf(req: http.IncomingMessage) {
  const names = Object.keys(req.headers).sort();
  const name =
    names.find((header) => header.startsWith("x-amz-checksum-")) ??
    names.find((header) => header === "x-amz-sdk-checksum-algorithm" || header === "x-amz-trailer") ??
    (headerValue(req, "x-amz-content-sha256")?.endsWith("-TRAILER") ? "x-amz-content-sha256" : undefined);
  return name === undefined ? undefined : { name, value: canonicalHeaderValue(req, name) };
}

// ---------------------------------------------------------------------------
// Responses

function sendError(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
) {
  const requestId = randomBytes(8).toString("hex").toUpperCase();
  const fields = Object.entries(extra)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join("");
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${fields}<RequestId>${requestId}</RequestId></Error>`;
  if (res.headersSent) return res.destroy();
  res.writeHead(status, {
    ...baseHeaders(requestId),
    "Content-Type": "application/xml",
    // S3 answers HEAD errors with no body (the SDK then names the error after the status: NotFound, Forbidden…).
    "Content-Length": String(req.method === "HEAD" ? 0 : Buffer.byteLength(xml)),
  });
  res.end(req.method === "HEAD" ? undefined : xml);
}

function baseHeaders(requestId = randomBytes(8).toString("hex").toUpperCase()) {
  return { "x-amz-request-id": requestId, "x-amz-id-2": randomBytes(24).toString("base64"), Server: "FakeS3" };
}

function escapeXml(value: string) {
  return value.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);
}

function fail(status: number, code: string, message: string, extra?: Record<string, string>): Failure {
  return { ok: false, status, code, message, ...(extra ? { extra } : {}) };
}

// ---------------------------------------------------------------------------
// Helpers

function headerValue(req: http.IncomingMessage, name: string) {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function etagOf(body: Buffer) {
  return `"${createHash("md5").update(body).digest("hex")}"`;
}

function crc32Base64(body: Buffer) {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc32(body) >>> 0);
  return bytes.toString("base64");
}

function sha256Hex(data: string | Buffer) {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string) {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

function sameHex(a: string, b: string) {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
