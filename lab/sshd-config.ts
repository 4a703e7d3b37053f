// One sshd_config for a host Tandem logs into with a key, and the check that
// it listens: the lab's hosts and the integration tests' sshd share both.
import net from "node:net";

export function sshdConfig(o: { port: number; listen: string; hostKey: string; pidFile: string; authorizedKeys: string }): string {
  return [
    `Port ${o.port}`,
    `ListenAddress ${o.listen}`,
    `HostKey ${o.hostKey}`,
    `PidFile ${o.pidFile}`,
    `AuthorizedKeysFile ${o.authorizedKeys}`,
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PermitRootLogin prohibit-password",
    "UsePAM no",
    // The key files live under /tmp (mode 1777), which StrictModes rejects.
    "StrictModes no",
    "PrintMotd no",
    "MaxStartups 100:30:200",
    "Subsystem sftp internal-sftp",
    "LogLevel ERROR",
    "",
  ].join("\n");
}

export /** Resolves once something on host:port sends an SSH banner. */
function sshBanner(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.once("data", (d) => done(d.subarray(0, 4).toString() === "SSH-"));
    sock.once("error", () => done(false));
    sock.once("close", () => done(false));
  });
}
