// The commands a rollout runs on a server, each a POSIX sh script sent on the
// stdin of `sh -s` (never a command line built from input). The simulator
// recognises these same templates (agents/sim/commands.ts), so the two cannot drift.
//
// Package family comes from the agent's `updates.source` (apt, dnf, yum).

export type PatchFamily = "apt" | "dnf";
export type PatchSelection = "all" | "security";

/** Root runs the package manager itself; anyone else through passwordless sudo (-n: fail, never prompt). */
const SUDO_PRELUDE = `set -eu\nSUDO=; [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"\n`;

/** After patching, the agent's cached update count is stale: drop it so the next poll recounts. */
const FORGET_UPDATE_CACHE = `rm -f "\${TANDEM_AGENT_CACHE:-\${XDG_CACHE_HOME:-\${HOME:-/tmp}/.cache}/tandem}/updates"\n`;

const APT_OPTS = "-q -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold";

const SCRIPTS: Record<PatchFamily, Record<PatchSelection, string>> = {
  apt: {
    all: `${SUDO_PRELUDE}$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -q update\n$SUDO env DEBIAN_FRONTEND=noninteractive apt-get ${APT_OPTS} dist-upgrade\n${FORGET_UPDATE_CACHE}`,
    // Only packages whose candidate comes from a security pocket (what the agent counts as security).
    security:
      `${SUDO_PRELUDE}$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -q update\n` +
      `pkgs=$(apt-get -s -q dist-upgrade | awk '/^Inst / && tolower($0) ~ /securi/ {print $2}')\n` +
      `[ -z "$pkgs" ] || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get ${APT_OPTS} install --only-upgrade $pkgs\n${FORGET_UPDATE_CACHE}`,
  },
  dnf: {
    all: `${SUDO_PRELUDE}pm=$(command -v dnf || command -v yum)\n$SUDO "$pm" -y -q upgrade\n${FORGET_UPDATE_CACHE}`,
    security: `${SUDO_PRELUDE}pm=$(command -v dnf || command -v yum)\n$SUDO "$pm" -y -q upgrade --security\n${FORGET_UPDATE_CACHE}`,
  },
};

/** The family of package manager a server reports, or null when the agent does not know (a custom command is needed). */
export function patchFamilyOf(updatesSource: string | null | undefined): PatchFamily | null {
  if (updatesSource === "apt") return "apt";
  if (updatesSource === "dnf" || updatesSource === "yum") return "dnf";
  return null;
}

/** The default patch script for a family (`sh -s` stdin). */
export function patchScript(family: PatchFamily, selection: PatchSelection): string {
  return SCRIPTS[family][selection];
}

/** Every default script, for the simulator to recognise. */
export function defaultPatchScripts(): { family: PatchFamily; selection: PatchSelection; script: string }[] {
  return (Object.keys(SCRIPTS) as PatchFamily[]).flatMap((family) => (["all", "security"] as const).map((selection) => ({ family, selection, script: SCRIPTS[family][selection] })));
}

/**
 * Reboots without cutting the command's own channel: the reboot is started a
 * second later in the background, so the script exits 0 and the rollout
 * records that the reboot was asked for; then it waits for the host to come back.
 */
export const REBOOT_SCRIPT = `${SUDO_PRELUDE}nohup sh -c "sleep 1; $SUDO systemctl reboot || $SUDO shutdown -r now" >/dev/null 2>&1 &\necho "reboot scheduled in 1 s"\n`;
