import { createHmac, timingSafeEqual } from "node:crypto";

/** A body's `sha256=<hex HMAC>` signature: GitHub's `X-Hub-Signature-256` format, which our own hooks use too. */
export function sha256Signature(secret: string, body: string | Buffer) {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Constant-time check of a `sha256=` signature over the exact bytes received. */
export function signatureMatches(secret: string, body: Buffer, header: string | undefined) {
  if (!header?.startsWith("sha256=")) return false;
  const expected = Buffer.from(sha256Signature(secret, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
