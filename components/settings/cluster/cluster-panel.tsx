"use client";

import { TableState } from "@/components/ui/data-table";
import { QueryError } from "@/components/ui/messages";
import { Panel } from "@/components/ui/panel";
import type { TCluster } from "@/server/cluster/cluster.types";
import { ClusterSummary } from "./cluster-summary";
import { servers } from "./labels";
import { LeaseBars } from "./lease-bars";
import { NodesTable } from "./nodes-table";
import { useCluster } from "./queries";

function Warnings({ cluster: c }: { cluster: TCluster }) {
  return (
    <>
      {c.leader ? null : (
        <p className="notice notice-warning">No node holds the leader lease: operations, automatic failover, alerts and schedules wait until one is elected.</p>
      )}
      {c.servers.unleased > 0 ? (
        <p className="notice notice-warning">
          {servers(c.servers.unleased)} of {c.servers.enabled.toLocaleString()} enabled have no lease, so no node is polling them and their health is not current. Nodes claim them
          within a few lease times; if this lasts, check that a node is live below.
        </p>
      ) : null}
    </>
  );
}

function OneNode() {
  return (
    <section className="panel not-built" aria-label="About running several nodes">
      <p>
        Tandem runs as one node: one process serves the UI and API, polls every server and leads operations, alerts and schedules. To share the polling and
        keep Tandem up when a process dies, run several nodes: set <code>TANDEM_WORKERS=N</code> for polling workers on this machine, or start several Tandem processes with the same{" "}
        <code>DATABASE_URL</code>.
      </p>
      <p className="muted">See “Running several nodes” in the README.</p>
    </section>
  );
}

/** The Cluster page's content, refreshed every 2 s. */
export function ClusterPanel() {
  const cluster = useCluster();
  const c = cluster.data;
  const working = c?.nodes.filter((n) => n.state !== "stopped").length ?? 0;
  return (
    <div className="stack">
      <QueryError result={cluster} />
      {c ? (
        <>
          <ClusterSummary cluster={c} />
          <Warnings cluster={c} />
          {working === 1 ? <OneNode /> : null}
          <Panel titleId="cluster-leases-title" title="Server leases per node">
            <LeaseBars nodes={c.nodes} enabled={c.servers.enabled} />
          </Panel>
        </>
      ) : null}
      {c || cluster.isPending ? (
        <Panel titleId="cluster-nodes-title" title="Nodes" bodyless>
          {c ? <NodesTable nodes={c.nodes} /> : null}
          <TableState query={cluster} empty={c?.nodes.length === 0}>
            No node has registered yet.
          </TableState>
        </Panel>
      ) : null}
    </div>
  );
}
