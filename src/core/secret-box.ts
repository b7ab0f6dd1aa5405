import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const KEY_BYTES = 32;

/** A key that is not 32 bytes of base64: the message says what is expected, never the value. */
export class SecretKeyError extends Error {}

/** Reads TOKEN_ENCRYPTION_KEY: 32 bytes, base64 (standard or URL-safe). */
export function readSecretKey(base64: string): Buffer {
  const trimmed = base64.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new SecretKeyError("not base64");
  const key = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (key.length !== KEY_BYTES) throw new SecretKeyError(`${key.length} bytes instead of ${KEY_BYTES}`);
  return key;
}

/**
 * AES-256-GCM for secrets kept at rest (Slack tokens). Each value gets a fresh 96-bit IV; the
 * context (the row's key) is bound as associated data, so a ciphertext copied onto another row
 * does not decrypt. Stored as `v1.<iv>.<tag>.<ciphertext>` in base64url.
 */
export class SecretBox {
  /**
   * `previous` keys still open what they sealed (a key being replaced); everything is sealed with
   * `key`, so re-sealing moves a value to it.
   */
  constructor(
    private readonly key: Buffer,
    private readonly previous: readonly Buffer[] = [],
  ) {
    for (const k of [key, ...previous])
      if (k.length !== KEY_BYTES) throw new SecretKeyError(`${k.length} bytes instead of ${KEY_BYTES}`);
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
      .join(".");
  }

  /** Throws when the value was altered, sealed under another key, or for another context. */
  open(sealed: string, context: string): string {
    return this.openWithKey(sealed, context).plain;
  }

  /** Opens, and says whether the value was sealed with an older key (so it should be re-sealed). */
  openWithKey(sealed: string, context: string): { plain: string; stale: boolean } {
    const [version, iv, tag, data] = sealed.split(".");
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error("not a sealed secret");
    let failure: unknown;
    for (const [index, key] of [this.key, ...this.previous].entries()) {
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        const plain = Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]);
        return { plain: plain.toString("utf8"), stale: index > 0 };
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  }
}
