import type { TClusterNode } from "@/server/cluster/cluster.types";
import { servers } from "./labels";
import styles from "./cluster.module.css";

const pct = (n: number, of: number) => `${Math.min(100, (n / of) * 100)}%`;

/** Server leases per polling node as bars, against an even share when several nodes poll. */
export function LeaseBars({ nodes, enabled }: { nodes: readonly TClusterNode[]; enabled: number }) {
  const polling = nodes.filter((n) => n.state === "live" || n.state === "late");
  if (polling.length === 0) return <p className="muted">No node is polling servers.</p>;
  const scale = Math.max(1, enabled, ...polling.map((n) => n.servers));
  const share = polling.length > 1 && enabled > 0 ? enabled / polling.length : null;
  return (
    <div className="stack">
      <ul className={styles.bars} aria-label="Server leases per node">
        {polling.map((n) => (
          <li key={n.id}>
            <span className={styles.barName}>{n.name}</span>
            <span className={styles.track} aria-hidden="true">
              <span className={styles.fill} data-late={n.state === "late" || undefined} style={{ width: pct(n.servers, scale) }} />
              {share !== null ? <span className={styles.share} style={{ left: pct(share, scale) }} /> : null}
            </span>
            <span className={styles.count}>
              {servers(n.servers)}
              {n.state === "late" ? " (late)" : null}
            </span>
          </li>
        ))}
      </ul>
      {share !== null ? <p className="muted">The line marks an even share, about {Math.round(share)} each; nodes move leases towards it in paced steps.</p> : null}
    </div>
  );
}
