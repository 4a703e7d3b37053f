// The TCP ports services listen on, for peers' `tandem-probe <address> <port>`
// (a standby probing a crashed primary's postgresql, DESIGN section 6). A service
// missing here (gitlab-runner, bacula-fd's clients, keepalived's VRRP) has no port.
import type { SimHostSpec } from "./sim-types";

export const WELL_KNOWN_SERVICE_PORTS: Readonly<Record<string, number>> = {
  postgresql: 5432,
  pgbouncer: 6432,
  mysql: 3306,
  mariadb: 3306,
  redis: 6379,
  "redis-server": 6379,
  memcached: 11211,
  mongod: 27017,
  nginx: 80,
  apache2: 80,
  httpd: 80,
  haproxy: 80,
  "php8.2-fpm": 9000,
  "php-fpm": 9000,
  prometheus: 9090,
  "node-exporter": 9100,
  "grafana-server": 3000,
  alertmanager: 9093,
  libvirtd: 16509,
  "bacula-sd": 9103,
  "bacula-fd": 9102,
  docker: 2375,
};

/** The host's services that listen, with their ports; throws on a port given for a service it does not run, or used twice. */
export function servicePortsOf(spec: SimHostSpec): Record<string, number> {
  const services = spec.services ?? [];
  for (const name of Object.keys(spec.servicePorts ?? {})) {
    if (!services.includes(name)) throw new Error(`sim host ${spec.name}: servicePorts names ${name}, which it does not run`);
  }
  const ports: Record<string, number> = {};
  const taken = new Map<number, string>([[spec.port ?? 2222, "SSH"]]);
  for (const name of services) {
    const port = spec.servicePorts?.[name] ?? WELL_KNOWN_SERVICE_PORTS[name];
    if (port === undefined) continue;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`sim host ${spec.name}: ${name}'s port ${port} is not 1-65535`);
    if (taken.has(port)) throw new Error(`sim host ${spec.name}: ${name} and ${taken.get(port)} both listen on ${port}`);
    taken.set(port, name);
    ports[name] = port;
  }
  return ports;
}
