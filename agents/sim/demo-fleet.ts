// The demo fleet `npm start` shows when no real servers are configured: 27
// servers in three sites, each with a PostgreSQL primary/standby pair and a web
// pool behind a load balancer, one cross-site DR standby, a few stand-alone
// machines, and the hypervisor they run on. Addresses are 127.21.<site>.<n>.
import type { SimHostSpec } from "./sim-types";

const DEBIAN = "Debian GNU/Linux 12 (bookworm)";
const UBUNTU = "Ubuntu 24.04.1 LTS";
const UBUNTU_LTS = "Ubuntu 22.04.5 LTS";
const RHEL = "Red Hat Enterprise Linux 9.4 (Plow)";

type Site = { code: string; net: number; os: string; webs: number; extras: Omit<SimHostSpec, "address" | "site">[] };

const SITES: Site[] = [
  {
    code: "fra1",
    net: 1,
    os: DEBIAN,
    webs: 4,
    extras: [{ name: "backup-fra1", role: "backup", services: ["bacula-sd", "bacula-fd"], baseline: { cpu: 6, mem: 30, disk: 72 } }],
  },
  {
    code: "ams1",
    net: 2,
    os: UBUNTU,
    webs: 3,
    extras: [
      { name: "mon-ams1", role: "monitoring", services: ["prometheus", "grafana-server", "alertmanager"], baseline: { cpu: 18, mem: 55, disk: 48 } },
      { name: "ci-ams1", role: "ci", services: ["gitlab-runner", "docker"], baseline: { cpu: 35, mem: 45, disk: 60 } },
    ],
  },
  {
    code: "lon1",
    net: 3,
    os: UBUNTU_LTS,
    webs: 3,
    extras: [
      // Cross-site disaster-recovery copy of fra1's database.
      { name: "db-fra1-dr", role: "standby", group: "pg-fra1", os: DEBIAN, services: ["postgresql"], baseline: { cpu: 8, mem: 60, disk: 52 } },
      { name: "bastion-lon1", role: "bastion", services: ["ssh", "fail2ban"], baseline: { cpu: 2, mem: 20, disk: 25 } },
    ],
  },
];

export function demoFleetSpec(): SimHostSpec[] {
  const hosts: SimHostSpec[] = [];
  for (const site of SITES) {
    let n = 0;
    const add = (h: Omit<SimHostSpec, "address" | "site">) =>
      hosts.push({ os: site.os, ...h, site: site.code, address: `127.21.${site.net}.${++n}` });
    const pg = `pg-${site.code}`;
    add({ name: `db-${site.code}-a`, role: "primary", group: pg, os: RHEL, services: ["postgresql", "pgbouncer"], baseline: { cpu: 28, mem: 72, disk: 56 } });
    add({ name: `db-${site.code}-b`, role: "standby", group: pg, os: RHEL, services: ["postgresql", "pgbouncer"], baseline: { cpu: 9, mem: 65, disk: 55 } });
    add({ name: `lb-${site.code}-1`, role: "lb", group: `web-${site.code}`, services: ["haproxy", "keepalived"], baseline: { cpu: 7, mem: 22, disk: 18 } });
    for (let i = 1; i <= site.webs; i++) {
      add({ name: `web-${site.code}-${i}`, role: "web", group: `web-${site.code}`, services: ["nginx", "php8.2-fpm"], baseline: { cpu: 22, mem: 48, disk: 34 } });
    }
    for (const extra of site.extras) add(extra);
    // Last, so the hosts before it keep their names and addresses: the site's
    // hypervisor, the fence device that powers its other hosts off and on.
    add({ name: `hv-${site.code}`, role: "hypervisor", services: ["libvirtd"], baseline: { cpu: 12, mem: 58, disk: 40 } });
  }
  return hosts;
}
