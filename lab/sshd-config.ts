// One sshd_config for a host Tandem logs into with a key: the lab's hosts and
// the integration tests' sshd use the same text.
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
