// A virtual host's packages, as far as patching cares: how many updates are
// pending (of which security), whether a kernel is among them, the running and
// the installed kernel, and whether a reboot is due. Drawn once per host from
// its own seeded stream ("packages"), so the metrics' streams are unaffected.
//
// Patching "security" applies only the security updates; the pending kernel
// goes with them only when it is itself a security update (as with
// `apt-get install --only-upgrade` of the security pocket, or `dnf upgrade --security`).
import { rngFrom } from "./prng";

export type PackageSource = "apt" | "dnf";
export type PatchSelection = "all" | "security";

export type PackageState = {
  source: PackageSource;
  /** Updates pending, the kernel included when one is pending. */
  pending: number;
  /** Of those, from a security pocket / with a security advisory. */
  security: number;
  /** A newer kernel package is among the pending updates. */
  kernelPending: boolean;
  /** ... and it is a security update (counted in `security`). */
  kernelSecurity: boolean;
  running: string;
  /** The newest kernel on disk: newer than `running` until a reboot. */
  installed: string;
  /** /run/reboot-required: a kernel (or libc) was updated since the boot. */
  rebootRequired: boolean;
  /** When packages last changed (a patch): the agent's update count is recounted then, as the patch script drops its cache. */
  changedAtMs?: number;
};

/** The next build of a kernel: 6.1.0-28-amd64 -> 6.1.0-29-amd64, 5.14.0-427.42.1.el9_4.x86_64 -> 5.14.0-427.43.1.el9_4.x86_64. */
export function nextKernel(kernel: string): string {
  const rhel = /^(\d+\.\d+\.\d+-\d+\.)(\d+)(.*\.el\d.*)$/.exec(kernel);
  if (rhel) return `${rhel[1]}${Number(rhel[2]) + 1}${rhel[3]}`;
  const deb = /^(\d+\.\d+\.\d+-)(\d+)(.*)$/.exec(kernel);
  if (deb) return `${deb[1]}${Number(deb[2]) + 1}${deb[3]}`;
  return `${kernel}.1`;
}

/**
 * A host's packages at the start: about one in ten up to date, the rest a few
 * to dozens pending; about a third with security updates, about 40 % with a
 * kernel update, about one in ten already waiting for a reboot.
 */
export function initialPackages(seed: number, hostName: string, source: PackageSource, kernel: string): PackageState {
  const rng = rngFrom(seed, "packages", hostName);
  const upToDate = rng.chance(0.1);
  const pending = upToDate ? 0 : rng.chance(0.6) ? rng.int(2, 15) : rng.int(16, 60);
  const kernelPending = pending > 0 && rng.chance(0.45);
  const security = pending > 0 && rng.chance(0.37) ? rng.int(1, Math.min(9, pending)) : 0;
  const kernelSecurity = kernelPending && security > 0 && rng.chance(0.6);
  // Waiting for a reboot: an earlier patch put a newer kernel on disk.
  const waiting = rng.chance(0.1);
  return { source, pending, security, kernelPending, kernelSecurity, running: kernel, installed: waiting ? nextKernel(kernel) : kernel, rebootRequired: waiting };
}

export type PatchOutcome = { applied: number; kernel: string | null; packages: string[] };

const APT_PACKAGES = ["libssl3", "openssl", "curl", "libcurl4", "tzdata", "libc6", "libc-bin", "openssh-server", "openssh-client", "sudo", "systemd", "libsystemd0", "libxml2", "zlib1g", "vim-tiny", "bash", "python3.11", "ca-certificates", "libgnutls30", "krb5-locales"];
const DNF_PACKAGES = ["openssl-libs", "openssl", "curl", "libcurl", "tzdata", "glibc", "glibc-common", "openssh-server", "openssh-clients", "sudo", "systemd", "systemd-libs", "libxml2", "zlib", "vim-minimal", "bash", "python3", "ca-certificates", "gnutls", "krb5-libs"];

/** The package names a patch of `count` updates upgrades (plausible names, cycling), kernel first. */
function packageNames(state: PackageState, count: number, kernel: string | null): string[] {
  const pool = state.source === "apt" ? APT_PACKAGES : DNF_PACKAGES;
  const names = kernel ? [state.source === "apt" ? `linux-image-${kernel}` : `kernel-${kernel.replace(/\.x86_64$/, "")}`] : [];
  for (let i = 0; names.length < count; i++) names.push(i < pool.length ? pool[i]! : `${pool[i % pool.length]}-extra${Math.floor(i / pool.length)}`);
  return names;
}

/** What a patch would apply now, without applying it. */
export function planPatch(state: PackageState, selection: PatchSelection): PatchOutcome {
  const applied = selection === "all" ? state.pending : state.security;
  const withKernel = state.kernelPending && (selection === "all" || state.kernelSecurity);
  const kernel = withKernel ? nextKernel(state.installed) : null;
  return { applied, kernel, packages: packageNames(state, applied, kernel) };
}

/** Applies a patch: the selected updates are gone; a new kernel is installed (and a reboot due) if one came with them. */
export function applyPatch(state: PackageState, selection: PatchSelection): PatchOutcome {
  const outcome = planPatch(state, selection);
  state.pending -= outcome.applied;
  state.security = 0;
  state.changedAtMs = Date.now();
  if (outcome.kernel) {
    state.kernelPending = state.kernelSecurity = false;
    state.installed = outcome.kernel;
    state.rebootRequired = true;
  }
  return outcome;
}

/** A boot runs the newest installed kernel; nothing is due any more. */
export function bootPackages(state: PackageState): void {
  state.running = state.installed;
  state.rebootRequired = false;
}

/** Plausible package-manager output for a patch, line by line. */
export function patchOutput(state: PackageState, selection: PatchSelection, outcome: PatchOutcome): string[] {
  const shown = outcome.packages.slice(0, 12);
  const more = outcome.packages.length > shown.length ? ` (and ${outcome.packages.length - shown.length} more)` : "";
  if (state.source === "apt") {
    const lines = ["Hit:1 http://deb.debian.org/debian stable InRelease", "Get:2 http://security.debian.org/debian-security stable-security InRelease [48.0 kB]", "Reading package lists...", "Building dependency tree...", "Reading state information..."];
    if (!outcome.applied) return [...lines, "Calculating upgrade...", "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded."];
    const kept = selection === "security" ? state.pending - outcome.applied : 0;
    lines.push("The following packages will be upgraded:", `  ${shown.join(" ")}${more}`, `${outcome.applied} upgraded, ${outcome.kernel ? 1 : 0} newly installed, 0 to remove and ${kept} not upgraded.`);
    for (const p of shown) lines.push(`Unpacking ${p} ...`);
    for (const p of shown) lines.push(`Setting up ${p} ...`);
    if (outcome.kernel) lines.push(`update-initramfs: Generating /boot/initrd.img-${outcome.kernel}`, "Generating grub configuration file ...", "done");
    lines.push("Processing triggers for libc-bin ...");
    return lines;
  }
  const lines = ["Last metadata expiration check: 0:12:31 ago."];
  if (!outcome.applied) return [...lines, selection === "security" ? "No security updates needed, but some may be available" : "Dependencies resolved.", "Nothing to do.", "Complete!"];
  lines.push("Dependencies resolved.", `Upgrade  ${outcome.applied} Packages`, "Running transaction check", "Transaction check succeeded.", "Running transaction test", "Transaction test succeeded.", "Running transaction");
  for (const p of shown) lines.push(`  Upgrading        : ${p}`);
  for (const p of shown) lines.push(`  Verifying        : ${p}`);
  lines.push(`Upgraded:`, `  ${shown.join(" ")}${more}`, "Complete!");
  return lines;
}

/** Stderr of a patch that fails (the patch-fails fault), exit 100 as apt-get and dnf use. */
export function patchFailure(state: PackageState): string {
  return state.source === "apt"
    ? "dpkg: error processing package libc6:amd64 (--configure):\n installed libc6:amd64 package post-installation script subprocess returned error exit status 1\nErrors were encountered while processing:\n libc6:amd64\nE: Sub-process /usr/bin/dpkg returned an error code (1)\n"
    : "Error: Transaction test error:\n  file /usr/lib64/libcrypto.so.3 from install of openssl-libs-1:3.0.7-28.el9_4.x86_64 conflicts with file from package openssl-libs-1:3.0.7-27.el9_4.x86_64\n";
}
