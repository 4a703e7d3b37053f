import type { TCluster, TClusterNode } from "@/server/cluster/cluster.types";

type Label = { label: string; meaning: string };

export const NODE_STATE: Record<TClusterNode["state"], Label & { tone: string }> = {
  live: { label: "Live", tone: "badge-success", meaning: "Its heartbeat is within the lease time." },
  late: { label: "Late", tone: "badge-warning", meaning: "No heartbeat for longer than the lease time; its leases lapse and other nodes take them." },
  lost: { label: "Lost", tone: "badge-danger", meaning: "Declared lost by the leader (an alert is raised); other nodes took its servers." },
  stopped: { label: "Stopped", tone: "", meaning: "Stopped cleanly and handed its leases back." },
};

export const NODE_KIND: Record<TClusterNode["kind"], Label> = {
  full: { label: "Full", meaning: "Serves the UI and API, polls servers, and can be the leader." },
  worker: { label: "Worker", meaning: "Polls servers only (TANDEM_WORKERS); no web server, never the leader." },
  "follower-only": { label: "Follower only", meaning: "Serves the UI and API and polls servers, but is never the leader (TANDEM_LEADER_ELIGIBLE=false)." },
};

export const REALTIME: Record<TCluster["realtime"], Label> = {
  local: { label: "This node only", meaning: "Live updates stay in this process: fine for one node." },
  postgres: { label: "PostgreSQL", meaning: "Live updates cross nodes through the shared database." },
  redis: { label: "Redis", meaning: "Live updates cross nodes through Redis streams (REDIS_URL)." },
};

/** "1 server", "27 servers". */
export function servers(n: number): string {
  return `${n.toLocaleString()} ${n === 1 ? "server" : "servers"}`;
}
