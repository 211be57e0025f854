import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Keyring } from "./secrets";

describe("sealed secrets", () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  it("round-trips with AES-256-GCM, a fresh nonce each time, and never contains the plaintext", () => {
    const keyring = new Keyring(newKey);
    const first = keyring.seal("ghp_supersecret");
    const second = keyring.seal("ghp_supersecret");
    expect(first.ciphertext).not.toEqual(second.ciphertext);
    expect(first.ciphertext).not.toContain("supersecret");
    expect(Buffer.from(first.ciphertext.slice(3), "base64").toString("latin1")).not.toContain("supersecret");
    expect(keyring.open(first)).toBe("ghp_supersecret");
    expect(first.keyId).toBe(keyring.currentKeyId);
  });

  it("rotates: values sealed with a previous key still open and are reported stale", () => {
    const sealed = new Keyring(oldKey).seal("token");
    const rotated = new Keyring(newKey, [oldKey]);
    expect(rotated.open(sealed)).toBe("token");
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.seal("token"))).toBe(false);
    expect(() => new Keyring(newKey).open(sealed)).toThrow(/No encryption key with id/);
  });

  it("detects tampering", () => {
    const keyring = new Keyring(newKey);
    const sealed = keyring.seal("token");
    const raw = Buffer.from(sealed.ciphertext.slice(3), "base64");
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    expect(() => keyring.open({ ...sealed, ciphertext: `v1:${raw.toString("base64")}` })).toThrow();
  });
});
