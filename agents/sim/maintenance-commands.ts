// What a virtual host does with a rollout's patch and reboot scripts
// (server/rollouts/patch-commands.ts) and `tandem-sim patch|reboot`: a patch
// takes a few seconds and prints apt or dnf lines as it goes, then changes the
// host's packages; a reboot exits 0 and the host powers off a moment later and
// boots a few seconds after that (the power machinery of virtual-host.ts).
import type { ServerChannel } from "ssh2";
import type { SimCommand } from "./commands";
import { applyPatch, patchFailure, patchOutput, planPatch } from "./package-state";
import type { VirtualHost } from "./virtual-host";

type Sim<A> = Extract<SimCommand, { kind: "sim" } & { action: A }>;
type Finish = (code: number, stdout?: string, stderr?: string) => void;

/** apt-get and dnf exit 100 when an upgrade fails. */
export const PATCH_FAILED_EXIT = 100;

export function runPatch(host: VirtualHost, cmd: Sim<"patch">, ch: ServerChannel, finish: Finish): void {
  const state = host.model.packages;
  // The other family's script: its package manager is not there.
  if (cmd.family && cmd.family !== state.source) {
    return finish(127, "", cmd.family === "apt" ? "env: 'apt-get': No such file or directory\n" : "sh: 3: : Permission denied\n");
  }
  if (cmd.dryRun) return finish(0, `dry run: ${host.name} would apply ${planPatch(state, cmd.selection).applied} update(s)\n`);
  const fails = host.faults.has("patch-fails");
  const lines = patchOutput(state, cmd.selection, planPatch(state, cmd.selection));
  // A failing run stops about a third of the way, where dpkg or the transaction test gives up.
  const shown = fails ? lines.slice(0, Math.max(1, Math.floor(lines.length / 3))) : lines;
  const step = host.timing.patchMs / (shown.length + 1);
  let i = 0;
  let cancel: (() => void) | null = null;
  const onClose = () => cancel?.();
  ch.once("close", onClose);
  const next = () => {
    if (!ch.writable) return;
    if (i < shown.length) {
      ch.write(`${shown[i++]}\n`);
      cancel = host.schedule(step, next);
      return;
    }
    ch.off("close", onClose);
    if (fails) return finish(PATCH_FAILED_EXIT, "", patchFailure(state));
    const done = applyPatch(state, cmd.selection);
    host.log("info", "sim host patched", { host: host.name, selection: cmd.selection, applied: done.applied, kernel: done.kernel });
    finish(0);
  };
  cancel = host.schedule(step, next);
}

/** Exits 0 at once, as REBOOT_SCRIPT does (its reboot runs in the background); the host goes down a moment later. */
export function runReboot(host: VirtualHost, cmd: Sim<"reboot">, finish: Finish): void {
  if (cmd.dryRun) return finish(0, `dry run: ${host.name} would reboot\n`);
  host.scheduleReboot();
  // The script's own echo line, whatever the simulated delay.
  finish(0, "reboot scheduled in 1 s\n");
}
