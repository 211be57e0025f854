import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "../env.server";

/** A sealed value as stored: the ciphertext and the id of the key that sealed it. */
export type Sealed = { ciphertext: string; keyId: string };

type Key = { id: string; bytes: Buffer };

const VERSION = "v1";

function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (bytes.length !== 32) throw new Error("ENCRYPTION_KEY must be 32 bytes, base64 or hex (e.g. `openssl rand -base64 32`).");
  return bytes;
}

const keyIdOf = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex").slice(0, 12);

/**
 * The keys: ENCRYPTION_KEY seals; it and ENCRYPTION_KEYS_PREVIOUS open. In
 * production a missing key stops the app; in development one is generated
 * under DATA_DIR so nothing needs setting up.
 */
export class Keyring {
  private readonly current: Key;
  private readonly keys = new Map<string, Key>();

  constructor(current: Buffer, previous: Buffer[] = []) {
    this.current = { id: keyIdOf(current), bytes: current };
    for (const bytes of [current, ...previous]) this.keys.set(keyIdOf(bytes), { id: keyIdOf(bytes), bytes });
  }

  get currentKeyId() {
    return this.current.id;
  }

  /** AES-256-GCM with a random 96-bit nonce; the output carries nonce and tag. */
  seal(plaintext: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.current.bytes, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return { ciphertext: `${VERSION}:${Buffer.concat([iv, tag, body]).toString("base64")}`, keyId: this.current.id };
  }

  open(sealed: Sealed): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`No encryption key with id ${sealed.keyId}: add it to ENCRYPTION_KEYS_PREVIOUS.`);
    const [version, data] = sealed.ciphertext.split(":", 2);
    if (version !== VERSION || !data) throw new Error("Unknown ciphertext format.");
    const raw = Buffer.from(data, "base64");
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  }

  /** Whether a value was sealed with an older key (and should be re-sealed). */
  isStale(sealed: Sealed) {
    return sealed.keyId !== this.current.id;
  }
}

let cached: { env: Env; keyring: Keyring } | undefined;

export function getKeyring(env: Env): Keyring {
  if (cached?.env === env) return cached.keyring;
  let current: Buffer;
  if (env.ENCRYPTION_KEY) current = parseKey(env.ENCRYPTION_KEY);
  else if (env.NODE_ENV === "production" && !isLocalDataDir(env)) {
    throw new Error("ENCRYPTION_KEY is required in production (32 bytes, base64: `openssl rand -base64 32`).");
  } else current = devKey(env.DATA_DIR);
  const previous = (env.ENCRYPTION_KEYS_PREVIOUS ?? "")
    .split(",")
    .map((text) => text.trim())
    .filter(Boolean)
    .map(parseKey);
  const keyring = new Keyring(current, previous);
  cached = { env, keyring };
  return keyring;
}

/**
 * `npm start` runs with NODE_ENV=production on a developer's machine too; a
 * generated key under the default `.data` keeps the two-command set-up working.
 * A deployment (APP_URL on https) must set ENCRYPTION_KEY.
 */
function isLocalDataDir(env: Env) {
  return !env.APP_URL.startsWith("https://");
}

function devKey(dataDir: string) {
  const file = path.resolve(dataDir, "encryption-key");
  if (existsSync(file)) return parseKey(readFileSync(file, "utf8"));
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString("base64"), { mode: 0o600 });
  return key;
}
