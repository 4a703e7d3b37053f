// Runs a fence device's level of a failover: the action command over SSH on the
// fencing server (never the target), then the status command until its output
// matches the device's off pattern. The device's secrets are opened only here,
// at run time, and reach the remote shell on stdin (run-hook.ts remoteScript):
// never in the operation's record, a command line, or the browser.
import { sleep } from "../lib/sleep";
import { z } from "zod";
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { runHook } from "../failover/run-hook";
import type { TDeviceAttempt } from "./fencing-levels";

export const ZSealedFenceSecrets = z.object({ v: z.literal(1), env: z.record(z.string(), z.string()) });
export type TSealedFenceSecrets = z.infer<typeof ZSealedFenceSecrets>;

export function sealFenceSecrets(box: SecretBox, env: Record<string, string>): Uint8Array<ArrayBuffer> {
  return new Uint8Array(box.seal(JSON.stringify({ v: 1, env } satisfies TSealedFenceSecrets)));
}

export function openFenceSecrets(box: SecretBox, sealed: Uint8Array): Record<string, string> {
  return ZSealedFenceSecrets.parse(JSON.parse(box.open(sealed))).env;
}

export type FenceDeviceDeps = { db: Db; secretBox: SecretBox };

/** A device's environment as it runs now: its settings and its opened secrets. */
export async function loadFenceDeviceEnv(deps: FenceDeviceDeps, deviceId: string): Promise<{ env: Record<string, string>; secretEnv: Record<string, string> }> {
  const d = await deps.db.fenceDevice.findUnique({ where: { id: deviceId }, select: { name: true, env: true, secretCiphertext: true } });
  if (!d) throw new Error("the fence device no longer exists");
  const env = z.record(z.string(), z.string()).safeParse(d.env);
  if (!env.success) throw new Error(`${d.name}'s settings are not NAME=value pairs`);
  return { env: env.data, secretEnv: d.secretCiphertext ? openFenceSecrets(deps.secretBox, d.secretCiphertext) : {} };
}

const STATUS_EVERY_MS = 300;

/** Powers the target off and confirms it; resolves with what happened, throws with why not. */
export async function runFenceDevice(deps: FenceDeviceDeps, a: TDeviceAttempt, o: { log: (line: string) => void; signal?: AbortSignal }): Promise<string> {
  const { env, secretEnv } = await loadFenceDeviceEnv(deps, a.deviceId);
  const vars = (action: "off" | "status") => ({ ...env, TANDEM_PLUG: a.plug, TANDEM_TARGET: a.targetName, TANDEM_FENCE_DEVICE: a.deviceName, TANDEM_ACTION: action });
  const deadline = Date.now() + a.timeoutMs;
  const left = () => Math.max(500, deadline - Date.now());
  const run = (command: string, action: "off" | "status") =>
    runHook(deps, { serverId: a.fencingServerId, hook: command, env: vars(action), secretEnv, timeoutMs: left(), signal: o.signal, what: `${a.deviceName}'s ${action === "off" ? "action" : "status"} command` });

  o.log(`$ ${a.actionCommand}   (on ${a.fencingServerName}, TANDEM_PLUG=${a.plug})`);
  const action = await run(a.actionCommand, "off");
  if (action.output) o.log(action.output);

  let off: RegExp;
  try {
    off = new RegExp(a.offPattern, "i");
  } catch {
    throw new Error(`${a.deviceName}'s off pattern ${JSON.stringify(a.offPattern)} is not a valid regular expression`);
  }
  let last = "";
  let lastError = "";
  for (let i = 1; ; i++) {
    let status;
    try {
      status = await run(a.statusCommand, "status");
    } catch (e) {
      // A check cut short by the deadline must not hide what the status said before it.
      if (i === 1) throw e;
      lastError = (e as Error).message;
      break;
    }
    last = status.output.trim();
    if (off.test(last)) {
      o.log(`$ ${a.statusCommand}\n${last}`);
      return `${a.targetName} powered off by ${a.deviceName} (confirmed: ${JSON.stringify(last.slice(0, 200))})`;
    }
    if (i === 1) o.log(`$ ${a.statusCommand}\n${last}  (waiting for /${a.offPattern}/i)`);
    // Another check only if it can start before the deadline with time to answer.
    if (Date.now() + STATUS_EVERY_MS >= deadline || o.signal?.aborted) break;
    await sleep(STATUS_EVERY_MS, o.signal);
  }
  throw new Error(
    `${a.deviceName} did not confirm ${a.targetName} off within ${Math.round(a.timeoutMs / 1000)} s: its status says ${JSON.stringify(last.slice(0, 200))}${lastError ? ` (the last check: ${lastError})` : ""}`,
  );
}
