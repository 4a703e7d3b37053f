import { Age } from "@/components/compliance/age";
import { formatDuration } from "@/components/realtime/clock";
import { DataTable } from "@/components/ui/data-table";
import type { TClusterNode } from "@/server/cluster/cluster.types";
import { NODE_KIND, NODE_STATE } from "./labels";

const COLUMNS = ["Node", "Kind", "Host / PID", "State", "Heartbeat", "Leases", "Started", "Version"];

// Nodes at work first, in the order they started (the server's order); then lost, then stopped ones.
const RANK: Record<TClusterNode["state"], number> = { live: 0, late: 0, lost: 1, stopped: 2 };

/** Tenths of a second while a node is heartbeating; minutes or hours once it has gone quiet. */
function heartbeatAge(seconds: number): string {
  return seconds < 60 ? `${seconds.toFixed(1)} s ago` : `${formatDuration(seconds * 1000)} ago`;
}

function NodeRow({ node: n }: { node: TClusterNode }) {
  const state = NODE_STATE[n.state];
  const kind = NODE_KIND[n.kind];
  return (
    <tr>
      <th scope="row" className="nowrap">
        {n.name}
        {n.self ? <span className="muted"> (this node)</span> : null}
        {n.leader ? (
          <>
            {" "}
            <span className="badge badge-accent">Leader</span>
          </>
        ) : null}
      </th>
      <td title={kind.meaning}>{kind.label}</td>
      <td className="mono nowrap">
        {n.host} / {n.pid}
      </td>
      <td>
        <span className={`badge badge-dot ${state.tone}`} title={state.meaning}>
          {state.label}
        </span>
      </td>
      <td className="nowrap" title={n.lastSeenAt}>
        {heartbeatAge(n.heartbeatAgeSeconds)}
      </td>
      <td>{n.servers.toLocaleString()}</td>
      <td className="nowrap">
        <Age iso={n.startedAt} />
      </td>
      <td className="mono">{n.version}</td>
    </tr>
  );
}

/** Every node seen in the last hour: its kind, where it runs, its heartbeat and the server leases it holds. */
export function NodesTable({ nodes }: { nodes: readonly TClusterNode[] }) {
  const sorted = [...nodes].sort((a, b) => RANK[a.state] - RANK[b.state]);
  return (
    <DataTable caption="Nodes" captionHidden columns={COLUMNS}>
      {sorted.map((n) => (
        <NodeRow key={n.id} node={n} />
      ))}
    </DataTable>
  );
}
