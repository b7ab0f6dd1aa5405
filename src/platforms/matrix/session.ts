import "./polyfill.ts";
import { createClient, type MatrixClient } from "matrix-js-sdk";
import type { Logger } from "pino";
import { z } from "zod";
import { recoveryCallbacks } from "./recovery.ts";
import { quietGlobalSdkLogger, sdkLogger } from "./sdk-logger.ts";

export interface MatrixSessionSettings {
  homeserverUrl: string;
  userId: string;
  accessToken?: string;
  password?: string;
  recoveryKey?: string;
  /** The name of this process's device; a separate reminders process uses its own. */
  deviceName?: string;
}

/** The device name the bot gives its sessions, so it can recognise (and remove) its own stale ones. */
export const BOT_DEVICE_NAME = "IML chat-ops bot";

const LoginResponse = z.object({ access_token: z.string(), device_id: z.string() });
const Whoami = z.object({ user_id: z.string(), device_id: z.string().optional() });

export class MatrixSessionError extends Error {}

export interface MatrixSession {
  client: MatrixClient;
  /** Whether this process logged in (and so owns the device and logs it out on stop). */
  loggedIn: boolean;
}

function passwordAuth(userId: string, password: string) {
  return { type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password };
}

/**
 * Opens the bot's session. The crypto store is in memory under Node, so each start is a new
 * encryption device: with a password the bot logs in once per start (one access token for the
 * whole run) and removes its earlier devices; with an access token alone, a device that already
 * published keys cannot be taken over, and the start stops with a message saying what to do.
 */
export async function openSession(settings: MatrixSessionSettings, logger: Logger): Promise<MatrixSession> {
  quietGlobalSdkLogger(logger);
  const base = { baseUrl: settings.homeserverUrl, logger: sdkLogger(logger) };
  let accessToken = settings.accessToken;
  let deviceId: string | undefined;
  let loggedIn = false;
  if (settings.password) {
    const login = LoginResponse.parse(
      await createClient(base).loginRequest({
        ...passwordAuth(settings.userId, settings.password),
        initial_device_display_name: settings.deviceName ?? BOT_DEVICE_NAME,
      } as never),
    );
    accessToken = login.access_token;
    deviceId = login.device_id;
    loggedIn = true;
  }
  if (!accessToken) throw new MatrixSessionError("MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD is required");
  if (!deviceId) {
    const who = Whoami.parse(await createClient({ ...base, accessToken }).whoami());
    if (who.user_id !== settings.userId)
      throw new MatrixSessionError(`MATRIX_ACCESS_TOKEN belongs to ${who.user_id}, not to MATRIX_USER_ID`);
    if (!who.device_id) throw new MatrixSessionError("MATRIX_ACCESS_TOKEN has no device: log in with MATRIX_PASSWORD");
    deviceId = who.device_id;
  }
  const client = createClient({
    ...base,
    accessToken,
    userId: settings.userId,
    deviceId,
    ...(settings.recoveryKey ? { cryptoCallbacks: recoveryCallbacks(settings.recoveryKey) } : {}),
  });
  if (!loggedIn) await refuseTakenDevice(client, settings.userId, deviceId);
  if (loggedIn && settings.password)
    await removeStaleDevices(client, { ...settings, password: settings.password }, deviceId, logger);
  return { client, loggedIn };
}

/** A device that already has published keys belongs to an earlier run whose keys are lost. */
async function refuseTakenDevice(client: MatrixClient, userId: string, deviceId: string): Promise<void> {
  const keys = await client.http.authedRequest<{ device_keys?: Record<string, Record<string, unknown>> }>(
    "POST" as never,
    "/keys/query",
    undefined,
    { device_keys: { [userId]: [deviceId] } },
  );
  if (keys.device_keys?.[userId]?.[deviceId])
    throw new MatrixSessionError(
      `the device ${deviceId} of MATRIX_ACCESS_TOKEN already has encryption keys from an earlier run, and the bot keeps its keys in memory: set MATRIX_PASSWORD (the bot then opens a new device at each start) or give a fresh access token`,
    );
}

/** Devices left by earlier runs (a crash skips the logout) would receive keys for nothing. */
async function removeStaleDevices(
  client: MatrixClient,
  settings: MatrixSessionSettings & { password: string },
  current: string,
  logger: Logger,
): Promise<void> {
  const name = settings.deviceName ?? BOT_DEVICE_NAME;
  try {
    const { devices } = await client.getDevices();
    const stale = devices.filter((d) => d.device_id !== current && d.display_name === name);
    if (stale.length === 0) return;
    await client.deleteMultipleDevices(
      stale.map((d) => d.device_id),
      passwordAuth(settings.userId, settings.password) as never,
    );
    logger.info({ removed: stale.length }, "Matrix: earlier devices of the bot removed");
  } catch (error) {
    logger.warn({ err: error }, "Matrix: could not remove earlier devices of the bot");
  }
}
