import type { MatrixClient } from "matrix-js-sdk";
import type { CryptoCallbacks } from "matrix-js-sdk/lib/crypto-api/index.js";
import { decodeRecoveryKey } from "matrix-js-sdk/lib/crypto-api/recovery-key.js";
import type { Logger } from "pino";

/** Whether a recovery key is well formed (its parity byte checks out). */
export function isRecoveryKey(text: string): boolean {
  try {
    decodeRecoveryKey(text);
    return true;
  } catch {
    return false;
  }
}

/** Lets the crypto read secret storage (cross-signing keys, key backup key) with the recovery key. */
export function recoveryCallbacks(recoveryKey: string): CryptoCallbacks {
  const key = decodeRecoveryKey(recoveryKey);
  return {
    getSecretStorageKey: async ({ keys }) => {
      const id = Object.keys(keys)[0];
      return id ? [id, key] : null;
    },
  };
}

/**
 * With MATRIX_RECOVERY_KEY: the first start creates the bot's secret storage, cross-signing and
 * key backup under that key; later starts (a new device each time, the store being in memory)
 * sign the new device with the stored cross-signing keys and restore the room keys from the
 * backup, so messages from before the restart stay readable. Failures are logged: the bot still
 * reads everything sent after it started. Resolves, once set up, to the restoring under way: the
 * number of room keys restored, or null.
 */
export async function restoreKeys(
  client: MatrixClient,
  settings: { userId: string; password?: string; recoveryKey?: string },
  logger: Logger,
): Promise<{ restored: Promise<number | null> }> {
  const crypto = client.getCrypto();
  if (!crypto || !settings.recoveryKey) return { restored: Promise.resolve(null) };
  const key = decodeRecoveryKey(settings.recoveryKey);
  const auth = settings.password
    ? {
        authUploadDeviceSigningKeys: async (
          makeRequest: (auth: Record<string, unknown> | null) => Promise<unknown>,
        ) => {
          await makeRequest({
            type: "m.login.password",
            identifier: { type: "m.id.user", user: settings.userId },
            password: settings.password,
          });
        },
      }
    : {};
  try {
    if (!(await client.secretStorage.getDefaultKeyId())) {
      await crypto.bootstrapCrossSigning(auth as never);
      await crypto.bootstrapSecretStorage({
        createSecretStorageKey: async () => ({ privateKey: key }),
        setupNewSecretStorage: true,
        setupNewKeyBackup: true,
      });
      logger.info("Matrix: secret storage, cross-signing and key backup set up with MATRIX_RECOVERY_KEY");
      return { restored: Promise.resolve(0) };
    }
    // The new device must know the account's published cross-signing keys before it imports
    // the private ones from secret storage.
    await crypto.userHasCrossSigningKeys(settings.userId, true);
    await crypto.bootstrapCrossSigning(auth as never);
    await crypto.loadSessionBackupPrivateKeyFromSecretStorage();
    await crypto.checkKeyBackupAndEnable();
  } catch (error) {
    logger.error({ err: error }, "Matrix: MATRIX_RECOVERY_KEY could not open the bot's secret storage");
    return { restored: Promise.resolve(null) };
  }
  // Restoring many keys takes a while: the bot answers meanwhile. The promise says how many came back.
  const restored = crypto.restoreKeyBackup().then(
    (result) => {
      logger.info({ imported: result.imported, total: result.total }, "Matrix: room keys restored");
      return result.imported;
    },
    (error: unknown) => {
      logger.error({ err: error }, "Matrix: key backup could not be restored");
      return null;
    },
  );
  return { restored };
}
