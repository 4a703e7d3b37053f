// Out-of-band fencing against real OpenSSH: a fence device's commands run on a
// fencing server (one sshd) and power the target (another sshd) off; the
// device's secret reaches the command's environment; a status that never says
// "off" fails the level with what it said. And a COMMAND load balancer driven
// by a script on its host, through the same SSH path.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox, deriveKey } from "../../server/crypto/secret-box";
import { credentialSecretFrom, sealCredential } from "../../server/inventory/credentials/credential-secret";
import { balancerControl } from "../../server/loadbalancer/balancer-ref";
import { runFenceDevice, sealFenceSecrets } from "../../server/fencing/run-fence-device";
import type { TDeviceAttempt } from "../../server/fencing/fencing-levels";
import { createTestDatabase, type TestDatabase } from "./database";
import { startSshd, type TestSshd } from "./sshd";

const box = createSecretBox(deriveKey("fencing-test-secret-fencing-test-secret"));
let t: TestDatabase;
let fencer: TestSshd;
let target: TestSshd;
let fencerId: string;
let workDir: string;

const refuses = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port });
    s.once("connect", () => (s.destroy(), resolve(false)));
    s.once("error", () => resolve(true));
  });

beforeAll(async () => {
  t = await createTestDatabase();
  [fencer, target] = await Promise.all([startSshd(), startSshd()]);
  workDir = mkdtempSync(path.join(tmpdir(), "tandem-fencing-"));
  const cred = await t.db.credential.create({
    data: { name: "fencing-key", username: fencer.username, kind: "PRIVATE_KEY", secretCiphertext: sealCredential(box, credentialSecretFrom("PRIVATE_KEY", fencer.privateKey, undefined)) },
  });
  const server = await t.db.server.create({ data: { name: "hv-1", address: fencer.host, port: fencer.port, credentialId: cred.id, hostKeyFingerprint: fencer.hostKeyFingerprint } });
  fencerId = server.id;
}, 30_000);

afterAll(async () => {
  await Promise.all([fencer?.stop(), target?.stop()]);
  rmSync(workDir, { recursive: true, force: true });
  await t?.drop();
});

async function device(name: string, o: { actionCommand: string; statusCommand: string; secrets?: Record<string, string>; timeoutMs?: number }): Promise<TDeviceAttempt> {
  const d = await t.db.fenceDevice.create({
    data: {
      name,
      kind: "CUSTOM",
      fencingServerId: fencerId,
      actionCommand: o.actionCommand,
      statusCommand: o.statusCommand,
      offPattern: "^shut off$",
      env: { FENCE_USER: "fencer" },
      secretCiphertext: o.secrets ? sealFenceSecrets(box, o.secrets) : null,
    },
  });
  return {
    kind: "device",
    deviceId: d.id,
    deviceName: name,
    fencingServerId: fencerId,
    fencingServerName: "hv-1",
    targetName: "db-a",
    plug: String(target.pid),
    actionCommand: o.actionCommand,
    statusCommand: o.statusCommand,
    offPattern: "^shut off$",
    timeoutMs: o.timeoutMs ?? 10_000,
  };
}

// As a hypervisor would: refuse without the API token (checked by its hash, so the command does not hold it), then "destroy" the domain (the target's sshd).
const TOKEN = "s3cret it's";
const tokenHash = createHash("sha256").update(TOKEN).digest("hex");
const ACTION = `[ "$(printf %s "$FENCE_TOKEN" | sha256sum | cut -d" " -f1)" = "${tokenHash}" ] || { echo "bad token for $FENCE_USER" >&2; exit 3; }; kill "$TANDEM_PLUG"`;
const STATUS = 'if kill -0 "$TANDEM_PLUG" 2>/dev/null; then echo running; else echo "shut off"; fi';

describe("a fence device over real SSH", () => {
  it("refuses to act without its secret, and the target keeps running", async () => {
    const a = await device("hv-no-secret", { actionCommand: ACTION, statusCommand: STATUS, secrets: { FENCE_TOKEN: "wrong" } });
    const lines: string[] = [];
    await expect(runFenceDevice({ db: t.db, secretBox: box }, a, { log: (l) => lines.push(l) })).rejects.toThrow(/hv-no-secret's action command on hv-1 exited 3: bad token for fencer/);
    expect(await refuses(target.port)).toBe(false);
  });

  it("powers the target off from the fencing server, with its secret in the environment, and confirms it", async () => {
    const a = await device("hv-ok", { actionCommand: ACTION, statusCommand: STATUS, secrets: { FENCE_TOKEN: TOKEN } });
    const lines: string[] = [];
    const done = await runFenceDevice({ db: t.db, secretBox: box }, a, { log: (l) => lines.push(l) });
    expect(done).toBe('db-a powered off by hv-ok (confirmed: "shut off")');
    expect(await refuses(target.port)).toBe(true);
    expect(lines.join("\n")).toContain(`TANDEM_PLUG=${target.pid}`);
    // The secret is in no line of the record.
    expect(lines.join("\n")).not.toContain("s3cret");
  });

  it("fails the level with what the status said when it never confirms off", async () => {
    const a = await device("hv-stuck", { actionCommand: "true", statusCommand: "echo running", timeoutMs: 5_000 });
    await expect(runFenceDevice({ db: t.db, secretBox: box }, a, { log: () => {} })).rejects.toThrow(/hv-stuck did not confirm db-a off within 5 s: its status says "running"/);
  });
});

describe("a COMMAND load balancer over real SSH", () => {
  it("sets a backend's state with a script on its host and confirms it through the state command", async () => {
    const file = path.join(workDir, "backends");
    // One line per backend server: "<backend>/<server> <state>", as a tiny balancer agent might keep it.
    const set = (to: string) => `grep -v "^$TANDEM_BACKEND/$TANDEM_BACKEND_SERVER " ${file} > ${file}.new 2>/dev/null; echo "$TANDEM_BACKEND/$TANDEM_BACKEND_SERVER ${to}" >> ${file}.new; mv ${file}.new ${file}`;
    const state = `s=$(grep "^$TANDEM_BACKEND/$TANDEM_BACKEND_SERVER " ${file} 2>/dev/null | cut -d" " -f2); echo "\${s:-ready} up"`;
    const lb = balancerControl({ kind: "COMMAND", name: "lb-1", serverId: fencerId, backend: "web", commands: { enable: set("ready"), disable: set("maint"), drain: set("drain"), state } }, { db: t.db, secretBox: box });
    expect(await lb.verify!({ backendServer: "web-1" })).toMatchObject({ serving: true, detail: "web/web-1 is ready, health up" });
    await lb.disable({ backendServer: "web-1" });
    await lb.drain({ backendServer: "web-2" });
    expect(await lb.state({ backendServer: "web-1" })).toBe("maint");
    expect(await lb.state({ backendServer: "web-2" })).toBe("drain");
    expect(readFileSync(file, "utf8")).toBe("web/web-1 maint\nweb/web-2 drain\n");
    await lb.enable({ backendServer: "web-1" });
    expect(await lb.verify!({ backendServer: "web-1" })).toMatchObject({ serving: true });
  });
});
