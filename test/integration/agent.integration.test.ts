// The agent over a real OpenSSH server, with the exact commands Tandem sends.
// sshd logs in as the current user, so the agent lands in that user's home:
// .tandem/ is removed afterwards if this test created it.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import net from "node:net";
import { userInfo } from "node:os";
import path from "node:path";
import ssh2 from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentScript, AGENT_MISSING_EXIT, installAgentCommand, pipedAgentCommand, runAgentCommand } from "../../server/agent/agent-command";
import { ZAgentSample } from "../../server/agent/agent-sample.types";
import { startSshd, type TestSshd } from "./sshd";

type ExecResult = { code: number | null; stdout: string; stderr: string };

const fingerprintOf = (key: Buffer) => "SHA256:" + createHash("sha256").update(key).digest("base64").replace(/=+$/, "");

function connect(sshd: TestSshd): Promise<{ client: ssh2.Client; seenFingerprint: string }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: sshd.host, port: sshd.port });
    sock.setNoDelay(true);
    const client = new ssh2.Client();
    let seenFingerprint = "";
    client
      .once("ready", () => resolve({ client, seenFingerprint }))
      .once("error", reject)
      .connect({
        sock,
        username: sshd.username,
        privateKey: sshd.privateKey,
        readyTimeout: 10_000,
        hostVerifier: (key: Buffer) => {
          seenFingerprint = fingerprintOf(key);
          return seenFingerprint === sshd.hostKeyFingerprint;
        },
      });
  });
}

function exec(client: ssh2.Client, command: string, stdin?: Buffer, timeoutMs = 10_000): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, ch) => {
      if (err) return reject(err);
      let stdout = "";
      let stderr = "";
      let code: number | null = null;
      const timer = setTimeout(() => {
        ch.close();
        reject(new Error(`no answer to ${command} within ${timeoutMs} ms`));
      }, timeoutMs);
      ch.on("data", (d: Buffer) => (stdout += d.toString()));
      ch.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      ch.on("exit", (c: number | null) => (code = c));
      ch.on("close", () => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      ch.end(stdin);
    });
  });
}

/** PIDs of processes whose command line mentions `needle` (same machine as sshd). */
function processesRunning(needle: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(needle)) pids.push(Number(pid));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

describe("the agent over a real OpenSSH sshd", () => {
  const home = userInfo().homedir;
  const dotTandem = path.join(home, ".tandem");
  const { source, hash, remotePath } = agentScript();
  const installed = path.join(home, remotePath);
  let hadDotTandem = false;
  let sshd: TestSshd;
  let client: ssh2.Client;
  let seenFingerprint: string;

  beforeAll(async () => {
    hadDotTandem = existsSync(dotTandem);
    // A copy left by an earlier run would hide the not-installed path; it is our own file.
    rmSync(installed, { force: true });
    sshd = await startSshd();
    ({ client, seenFingerprint } = await connect(sshd));
  });

  afterAll(async () => {
    client?.end();
    await sshd?.stop();
    if (!hadDotTandem) rmSync(dotTandem, { recursive: true, force: true });
  });

  it("presents the host key OpenSSH reports", () => {
    expect(sshd.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(seenFingerprint).toBe(sshd.hostKeyFingerprint);
  });

  it("refuses a server whose key does not match the pin", async () => {
    await expect(connect({ ...sshd, hostKeyFingerprint: "SHA256:" + "A".repeat(43) })).rejects.toThrow();
  });

  it("says 'not installed' before the agent is installed", async () => {
    const r = await exec(client, runAgentCommand());
    expect(r.code).toBe(AGENT_MISSING_EXIT);
    expect(r.stdout).toBe("");
  });

  it("installs the agent from stdin, privately, replacing older versions", async () => {
    mkdirSync(dotTandem, { recursive: true });
    const old = path.join(dotTandem, "agent-0000000000000000.sh");
    writeFileSync(old, "echo old\n");
    const r = await exec(client, installAgentCommand(), source);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(installed).equals(source)).toBe(true);
    expect(statSync(installed).mode & 0o077).toBe(0);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(`${installed}.tmp`)).toBe(false);
  });

  it("runs the installed agent and gets a valid sample", async () => {
    const r = await exec(client, runAgentCommand({ services: ["sshd"], lagProbe: "echo 0.25" }));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = ZAgentSample.parse(JSON.parse(r.stdout));
    expect(s.services.map((x) => x.name)).toEqual(["sshd"]);
    expect(s.replicationLagSec).toBe(0.25);
    expect(s.disks.some((d) => d.mount === "/")).toBe(true);
  });

  it("runs the agent piped through sh -s for read-only hosts", async () => {
    const r = await exec(client, pipedAgentCommand({ services: ["cron"] }), source);
    expect(r.code).toBe(0);
    expect(ZAgentSample.parse(JSON.parse(r.stdout)).services.map((x) => x.name)).toEqual(["cron"]);
  });

  it("streams a line per interval and dies with the channel", async () => {
    const lines = await new Promise<string[]>((resolve, reject) => {
      client.exec(runAgentCommand({ intervalSec: 1 }), (err, ch) => {
        if (err) return reject(err);
        let buf = "";
        const timer = setTimeout(() => reject(new Error("fewer than 2 lines in 5 s")), 5000);
        ch.on("data", (d: Buffer) => {
          buf += d.toString();
          const got = buf.split("\n").filter(Boolean);
          if (got.length >= 2 && buf.endsWith("\n")) {
            clearTimeout(timer);
            ch.close();
            resolve(got);
          }
        });
        ch.stderr.resume();
      });
    });
    for (const l of lines) ZAgentSample.parse(JSON.parse(l));
    // No pty, so no SIGHUP: the agent ends at its next write into the closed channel.
    const needle = `agent-${hash}.sh\0--interval`;
    const deadline = Date.now() + 5000;
    while (processesRunning(needle).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(processesRunning(needle)).toEqual([]);
  });
});
