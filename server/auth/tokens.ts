import { createHash, randomBytes } from "node:crypto";

export function newRandomToken(bytes = 32) {
  return randomBytes(bytes).toString("base64url");
}

/** Tokens are stored only as this digest, so a copy of the table opens nothing. */
export function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}
