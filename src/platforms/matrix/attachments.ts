import { createCipheriv, createHash, randomBytes } from "node:crypto";

/** The `file` object of an encrypted attachment (Matrix spec, attachments v2), without its url. */
export interface EncryptedFileInfo {
  key: { kty: "oct"; key_ops: ["encrypt", "decrypt"]; alg: "A256CTR"; k: string; ext: true };
  iv: string;
  hashes: { sha256: string };
  v: "v2";
}

const unpadded = (buffer: Buffer) => buffer.toString("base64").replace(/=+$/, "");

/**
 * Encrypts a file for an encrypted room: AES-256-CTR under a fresh key, the counter half of the IV
 * zero as the spec asks; the key travels only inside the (Megolm-encrypted) event, the homeserver
 * stores ciphertext.
 */
export function encryptAttachment(data: Buffer): { ciphertext: Buffer; info: EncryptedFileInfo } {
  const key = randomBytes(32);
  const iv = Buffer.concat([randomBytes(8), Buffer.alloc(8)]);
  const cipher = createCipheriv("aes-256-ctr", key, iv);
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  return {
    ciphertext,
    info: {
      key: {
        kty: "oct",
        key_ops: ["encrypt", "decrypt"],
        alg: "A256CTR",
        k: key.toString("base64url"),
        ext: true,
      },
      iv: unpadded(iv),
      hashes: { sha256: unpadded(createHash("sha256").update(ciphertext).digest()) },
      v: "v2",
    },
  };
}
