// A large fleet for benchmarks: sim-00001, sim-00002, ... on 127.20.x.y, one in
// ten a database primary followed by its standby, the rest web servers.
import type { SimHostSpec } from "./sim-types";

/** 254 usable addresses per 127.20.x block, x from 0 to 255. */
export const MAX_GENERATED_HOSTS = 256 * 254;

export function generatedFleetSpec(count: number, opts: { prefix?: string; port?: number } = {}): SimHostSpec[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_GENERATED_HOSTS) throw new Error(`host count must be 1-${MAX_GENERATED_HOSTS}`);
  const prefix = opts.prefix ?? "127.20";
  const width = Math.max(5, String(count).length);
  return Array.from({ length: count }, (_, i) => {
    const name = `sim-${String(i + 1).padStart(width, "0")}`;
    const site = `sim-${"abc"[i % 3]}`;
    const spec: SimHostSpec = { name, address: `${prefix}.${Math.floor(i / 254)}.${(i % 254) + 1}`, port: opts.port, site };
    if (i % 10 === 0 && i + 1 < count) return { ...spec, role: "primary", group: `pg-${name}`, services: ["postgresql"] };
    if (i % 10 === 1) return { ...spec, role: "standby", group: `pg-sim-${String(i).padStart(width, "0")}`, services: ["postgresql"] };
    return { ...spec, role: "web", services: ["nginx"] };
  });
}
