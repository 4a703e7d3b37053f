// A real OpenSSH server for integration tests: /usr/sbin/sshd on a free
// 127.0.0.1 port, with its own host key and a generated client key authorized
// for the current user. It logs in as that real user (root here), so commands
// run in that user's home. CI installs it with `apt-get install -y openssh-server`.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { sshBanner, sshdConfig } from "../../lab/sshd-config";

export const SSHD_PATH = "/usr/sbin/sshd";

export type TestSshd = {
  host: string;
  port: number;
  username: string;
  /** OpenSSH-format private key authorized for `username`. */
  privateKey: string;
  /** "SHA256:..." as `ssh-keygen -l` prints it. */
  hostKeyFingerprint: string;
  /** sshd's stderr so far (-e), for failure messages. */
  log(): string;
  /** The listening sshd's process id (fencing tests power it "off" by killing it). */
  pid: number;
  stop(): Promise<void>;
};

export function sshdAvailable(): boolean {
  return existsSync(SSHD_PATH);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}


function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startSshd(opts: { readyTimeoutMs?: number } = {}): Promise<TestSshd> {
  if (!sshdAvailable()) throw new Error(`${SSHD_PATH} is missing: apt-get install -y openssh-server`);
  const dir = mkdtempSync(path.join(tmpdir(), "tandem-sshd-"));
  const keygen = (file: string, comment: string) =>
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path.join(dir, file)], { stdio: "ignore" });
  keygen("host_ed25519", "tandem-test-host");
  keygen("client_ed25519", "tandem-test-client");
  writeFileSync(path.join(dir, "authorized_keys"), readFileSync(path.join(dir, "client_ed25519.pub")), { mode: 0o600 });
  const fingerprint = execFileSync("ssh-keygen", ["-l", "-f", path.join(dir, "host_ed25519.pub")], { encoding: "utf8" }).split(" ")[1]!;
  // The privilege-separation directory sshd insists on when started as root.
  if (process.getuid?.() === 0) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  const host = "127.0.0.1";
  const username = userInfo().username;
  let lastError = "";
  // A free port can be taken between probing and binding: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const config = path.join(dir, "sshd_config");
    writeFileSync(
      config,
      sshdConfig({ port, listen: host, hostKey: path.join(dir, "host_ed25519"), pidFile: path.join(dir, "sshd.pid"), authorizedKeys: path.join(dir, "authorized_keys") }),
    );
    const child = spawn(SSHD_PATH, ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      if (stderr.length < 64 * 1024) stderr += d;
    });
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 10_000);
    let ready = false;
    while (!ready && !exited(child) && Date.now() < deadline) {
      ready = await sshBanner(host, port, 1000);
      if (!ready) await new Promise((r) => setTimeout(r, 50));
    }
    if (ready) {
      return {
        host,
        port,
        username,
        privateKey: readFileSync(path.join(dir, "client_ed25519"), "utf8"),
        hostKeyFingerprint: fingerprint,
        log: () => stderr,
        pid: child.pid!,
        async stop() {
          if (!exited(child)) {
            process.kill(child.pid!, "SIGTERM");
            if (!(await waitExit(child, 3000)) && !exited(child)) {
              process.kill(child.pid!, "SIGKILL");
              await waitExit(child, 3000);
            }
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (!exited(child)) {
      process.kill(child.pid!, "SIGKILL");
      await waitExit(child, 3000);
    }
    lastError = stderr.trim() || "no banner before the deadline";
    if (!/Address already in use|Cannot bind/i.test(lastError)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`sshd did not start: ${lastError}`);
}
