// `npx tsx bench/compliance.ts [--servers 10000]`: GET /api/v1/compliance's query
// over a fleet whose stored samples are full size (disks, interfaces, services).
import { parseArgs } from "node:util";
import { createDb } from "../server/db/client";
import { getCompliance } from "../server/rollouts/compliance";
import { benchDatabase } from "./bench-db";

const { values } = parseArgs({ options: { servers: { type: "string", default: "10000" }, runs: { type: "string", default: "10" } } });
const n = Number(values.servers);
const bdb = await benchDatabase();
const db = createDb(bdb.url, { max: 2 });
try {
  const sample = (i: number) => ({
    v: 1, ts: 1765000000, host: `srv-${i}`, kernel: "6.1.0-26-amd64", kernelInstalled: i % 17 === 0 ? "6.1.0-28-amd64" : "6.1.0-26-amd64",
    os: "Debian GNU/Linux 12 (bookworm)", uptimeSec: 86400,
    cpu: { count: 8, jiffies: [1, 2, 3, 4, 5, 6, 7, 8], running: 1 }, load: [0.1, 0.2, 0.3],
    memKb: { total: 16e6, available: 8e6, free: 4e6, buffers: 1e5, cached: 2e6 }, swapKb: { total: 0, free: 0 },
    disks: Array.from({ length: 4 }, (_, d) => ({ mount: `/data${d}`, fs: `/dev/sd${d}1`, sizeKb: 1e8, usedKb: 5e7, availKb: 5e7 })),
    net: Array.from({ length: 3 }, (_, k) => ({ if: `eth${k}`, rxBytes: 123456789, txBytes: 987654321 })),
    raid: [], services: Array.from({ length: 4 }, (_, k) => ({ name: `svc-${k}.service`, state: "active" })),
    updates: { pending: i % 3 === 0 ? 0 : i % 40, security: i % 7 === 0 ? i % 5 : 0, source: "apt", checkedAt: 1765000000 },
    rebootRequired: i % 23 === 0, replicationLagSec: null,
  });
  const sites = await Promise.all(["fra1", "lon1", "ams1", "nyc1"].map((name) => db.site.create({ data: { name } })));
  for (let i = 0; i < n; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, n - i) }, (_, k) => i + k).map((j) => ({
      name: `srv-${String(j).padStart(5, "0")}`, address: "10.0.0.1", siteId: sites[j % 4]!.id, tags: [j % 2 ? "web" : "db", `rack-${j % 50}`], lastSample: sample(j), lastSampleAt: new Date(),
    }));
    await db.server.createMany({ data: rows });
  }
  const ids = (await db.server.findMany({ select: { id: true }, orderBy: { name: "asc" } })).map((s) => s.id);
  for (let g = 0; g < n / 4; g += 1) {
    await db.redundancyGroup.create({ data: { name: `grp-${g}`, mode: "ACTIVE_PASSIVE", minHealthy: 1, members: { create: [{ serverId: ids[g * 2]!, role: "PRIMARY" }, { serverId: ids[g * 2 + 1]!, role: "STANDBY" }] } } });
  }
  await db.$executeRawUnsafe("ANALYZE");
  const size = await db.$queryRaw<{ kb: number }[]>`SELECT (avg(pg_column_size("lastSample")) / 1024)::float AS kb FROM "Server"`;
  const time = async (label: string, q: Parameters<typeof getCompliance>[1]) => {
    const ms: number[] = [];
    let rows = 0;
    for (let r = 0; r < Number(values.runs); r++) {
      const t0 = performance.now();
      const rep = await getCompliance(db, q);
      ms.push(performance.now() - t0);
      rows = rep.servers.length;
      if (r === 0) JSON.stringify(rep);
    }
    ms.sort((a, b) => a - b);
    console.log(`${label.padEnd(28)} rows ${String(rows).padStart(6)}  p50 ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms  max ${ms.at(-1)!.toFixed(0)} ms`);
  };
  console.log(`${n} servers, ${n / 2} group members, stored sample ${size[0]!.kb.toFixed(2)} kB (compressed) each`);
  await time("whole fleet, worst first", { sort: "worst" });
  await time("one site", { siteId: sites[0]!.id, sort: "worst" });
  await time("one tag, status REBOOT", { tag: "web", status: "REBOOT", sort: "worst" });
  await time("one group", { groupId: (await db.redundancyGroup.findFirstOrThrow()).id, sort: "worst" });
} finally {
  await db.$disconnect();
  await bdb.drop();
}
