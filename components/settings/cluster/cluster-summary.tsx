import type { ReactNode } from "react";
import { Age } from "@/components/compliance/age";
import type { TCluster } from "@/server/cluster/cluster.types";
import { REALTIME, servers } from "./labels";
import styles from "./cluster.module.css";

function Fact({ label, value, detail, tone }: { label: string; value: ReactNode; detail?: ReactNode; tone?: "ok" | "warning" }) {
  return (
    <div className={styles.fact} data-tone={tone}>
      <dt>{label}</dt>
      <dd>
        <span className={styles.value}>{value}</span>
        {detail ? <span className={styles.detail}>{detail}</span> : null}
      </dd>
    </div>
  );
}

/** The leader, how live updates cross nodes, whether every enabled server is polled, and the lease time. */
export function ClusterSummary({ cluster }: { cluster: TCluster }) {
  const { leader, servers: s } = cluster;
  const realtime = REALTIME[cluster.realtime];
  return (
    <section className="panel" aria-label="Cluster summary">
      <dl className={styles.facts}>
        <Fact
          label="Leader"
          value={leader ? leader.name : "None"}
          tone={leader ? "ok" : "warning"}
          detail={
            leader ? (
              <>
                Epoch {leader.epoch}
                {leader.since ? (
                  <>
                    {" · since "}
                    <Age iso={leader.since} />
                  </>
                ) : null}
              </>
            ) : (
              "An election takes at most the lease time."
            )
          }
        />
        <Fact label="Live updates across nodes" value={realtime.label} detail={realtime.meaning} />
        <Fact
          label="Servers leased"
          value={`${s.leased.toLocaleString()} of ${s.enabled.toLocaleString()}`}
          tone={s.unleased > 0 ? "warning" : "ok"}
          detail={s.unleased > 0 ? `${servers(s.unleased)} unleased` : "Every enabled server is polled by a node."}
        />
        <Fact label="Lease time" value={`${cluster.leaseSeconds} s`} detail="A node silent for longer loses its leases; another takes them." />
      </dl>
    </section>
  );
}
