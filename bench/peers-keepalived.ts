// Keepalived (VRRP) on the lab's web1 and web2, holding a virtual IP in front
// of the same web pool the lab runs (the node HTTP servers on :8080): web1 is
// MASTER (priority 150), web2 BACKUP (100), adverts every second. Each run
// cuts web1's link at the hypervisor, as the lab's link-cut scenario does to
// the database primary, and polls the VIP from the root namespace until web2
// answers. One more probe cuts only VRRP between the two (links up) to show
// what an unfenced takeover does: both hold the VIP.
import http from "node:http";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { WEB_PORT } from "../lab/front";
import { run, sleep, waitFor } from "../lab/sh";
import { LAB_NET, type Lab, type LabHost } from "../lab/topology";

export const VIP = `${LAB_NET}.40`;
export const ADVERT_INT_S = 1;
const VRID = 77;
const INSTANCE = "tlab_peers_web";
// Its own nftables tables: the lab's scenarios own `table ip tlab`.
const NAT_TABLE = "tlabvip";
const PARTITION_TABLE = "tlabvrrp";

export type KeepalivedResult = {
  /** Cut to the first answer from web2, one per run. */
  takeoverMs: number[];
  /** Runs in which web1 still held the VIP while cut off (it sees its carrier drop and goes FAULT, so normally none). */
  oldMasterHeldVip: number;
  /** With only VRRP cut (links up): web2's takeover, and whether both then held the VIP. */
  partition: { takeoverMs: number | null; bothHeldVip: boolean };
};

function config(h: LabHost, master: boolean): string {
  return [
    "global_defs {",
    `  router_id tlab_${h.name}`,
    "}",
    `vrrp_instance ${INSTANCE} {`,
    `  state ${master ? "MASTER" : "BACKUP"}`,
    "  interface eth0",
    `  virtual_router_id ${VRID}`,
    `  priority ${master ? 150 : 100}`,
    `  advert_int ${ADVERT_INT_S}`,
    "  virtual_ipaddress {",
    `    ${VIP}/24 dev eth0`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Whether `h` holds the VIP on its eth0 (read inside the host, so it works with its link cut). */
async function holdsVip(h: LabHost): Promise<boolean> {
  const r = await h.exec(["ip", "-o", "-4", "addr", "show", "dev", "eth0"], { check: false });
  return r.stdout.includes(` ${VIP}/`);
}

/** One GET to the VIP on a fresh connection: the answering host's name, or null. */
function askVip(timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const req = http.get({ host: VIP, port: WEB_PORT, path: "/", agent: false, timeout: timeoutMs }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve(body.trim() || null));
      res.on("error", () => resolve(null));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(null));
  });
}

/** Fires a GET at the VIP every `everyMs` (not waiting for the last: a dead master's SYNs hang) until `want` answers; ms from `since`, or null. */
async function firstAnswerFrom(want: string, since: number, limitMs: number, everyMs = 20): Promise<number | null> {
  let at: number | null = null;
  const until = since + limitMs;
  while (at === null && Date.now() < until) {
    void askVip(500).then((who) => {
      if (who === want && at === null) at = Date.now() - since;
    });
    await sleep(everyMs);
  }
  // Answers already on their way count (a request sent before the limit).
  if (at === null) await sleep(500);
  return at;
}

/**
 * Back to web1 as master: it holds the VIP alone and answers on it. A master that never left MASTER
 * (the VRRP-only partition) need not send gratuitous ARPs again, so the root namespace's cache may
 * still name web2: forget it then, between runs only (never while a takeover is measured).
 */
async function settledOn(master: LabHost, backup: LabHost, dir: string): Promise<void> {
  try {
    await waitFor(`${master.name} to hold the VIP alone and answer on it`, async () => {
      if (!(await holdsVip(master)) || (await holdsVip(backup))) return false;
      if ((await askVip(500)) === master.name) return true;
      await run(["ip", "neigh", "flush", "to", VIP], { check: false });
      return false;
    }, 30_000, 200);
  } catch (e) {
    const tail = (h: LabHost) => {
      const file = path.join(dir, h.name, "keepalived.log");
      return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").slice(-8).join("\n    ") : "(no log)";
    };
    throw new Error(`${(e as Error).message}\n  ${master.name}'s keepalived:\n    ${tail(master)}\n  ${backup.name}'s keepalived:\n    ${tail(backup)}`);
  }
}

export async function runKeepalived(o: { lab: Lab; web: [LabHost, LabHost]; runs: number; say(line: string): void }): Promise<KeepalivedResult> {
  const { lab, say } = o;
  const [web1, web2] = o.web;
  const started: LabHost[] = [];
  const pidfiles = (h: LabHost) => ["-p", "-r", "-c"].flatMap((flag, i) => [flag, path.join(lab.dir, h.name, `keepalived${["", "-vrrp", "-checkers"][i]}.pid`)]);
  try {
    for (const [h, master] of [[web1, true], [web2, false]] as const) {
      // The VIP reaches the same node server: it listens on the host's own address, so DNAT the VIP's port to it.
      await h.exec(["nft", "-f", "-"], {
        input: `table ip ${NAT_TABLE} {\n  chain pre {\n    type nat hook prerouting priority -100; policy accept;\n    ip daddr ${VIP} tcp dport ${WEB_PORT} dnat to ${h.address}:${WEB_PORT}\n  }\n}\n`,
      });
      const conf = path.join(lab.dir, h.name, "keepalived.conf");
      const logFile = path.join(lab.dir, h.name, "keepalived.log");
      writeFileSync(conf, config(h, master));
      // As root in the host (VRRP needs raw sockets and the address), no fork, no syslog, its log in the lab dir.
      h.spawn(["sh", "-c", `exec /usr/sbin/keepalived -n -l -D -G -P -f ${conf} ${pidfiles(h).join(" ")} >${logFile} 2>&1`]).unref();
      started.push(h);
    }
    await settledOn(web1, web2, lab.dir);
    say(`keepalived: VIP ${VIP} on web1 (MASTER, priority 150), web2 BACKUP (100), advert_int ${ADVERT_INT_S} s; logs in ${lab.dir}/web*/keepalived.log`);

    const takeoverMs: number[] = [];
    let oldMasterHeldVip = 0;
    for (let i = 0; i < o.runs; i++) {
      const cutAt = Date.now();
      await lab.setLink(web1.name, false);
      const ms = await firstAnswerFrom(web2.name, cutAt, 15_000);
      const held = await holdsVip(web1);
      if (held) oldMasterHeldVip++;
      await lab.setLink(web1.name, true);
      if (ms === null) throw new Error(`keepalived run ${i + 1}: web2 never answered on ${VIP} within 15 s of web1's cut`);
      takeoverMs.push(ms);
      say(`keepalived run ${i + 1}/${o.runs}: web2 answered on the VIP ${ms} ms after web1's link was cut${held ? " (web1 still held the VIP: split brain)" : " (web1 saw its link go down and dropped the VIP)"}`);
      await settledOn(web1, web2, lab.dir);
      await sleep(1000);
    }

    // Only VRRP is cut between them (a partition that leaves both links up): no one fences web1, so both take the VIP.
    const cutAt = Date.now();
    await web1.exec(["nft", "-f", "-"], {
      input: `table ip ${PARTITION_TABLE} {\n  chain in {\n    type filter hook input priority 0; policy accept;\n    ip protocol vrrp drop\n  }\n  chain out {\n    type filter hook output priority 0; policy accept;\n    ip protocol vrrp drop\n  }\n}\n`,
    });
    let partitionMs: number | null = null;
    let bothHeldVip = false;
    try {
      partitionMs = await waitFor("web2 to take the VIP with VRRP cut", async () => ((await holdsVip(web2)) ? Date.now() - cutAt : null), 15_000, 20).catch(() => null);
      bothHeldVip = (await holdsVip(web1)) && (await holdsVip(web2));
    } finally {
      await web1.exec(["nft", "delete", "table", "ip", PARTITION_TABLE], { check: false });
    }
    say(`keepalived, VRRP alone cut (links up): web2 took the VIP after ${partitionMs ?? "-"} ms; ${bothHeldVip ? "web1 kept it too: both held the VIP (split brain)" : "web1 did not keep it"}`);
    await settledOn(web1, web2, lab.dir);
    return { takeoverMs, oldMasterHeldVip, partition: { takeoverMs: partitionMs, bothHeldVip } };
  } finally {
    for (const h of started) {
      await h.exec(["sh", "-c", `kill $(cat ${path.join(lab.dir, h.name, "keepalived.pid")}) 2>/dev/null`], { check: false }).catch(() => undefined);
      await h.exec(["nft", "delete", "table", "ip", NAT_TABLE], { check: false }).catch(() => undefined);
    }
  }
}
