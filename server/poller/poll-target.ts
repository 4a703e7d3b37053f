export type PollTarget = {
  id: string;
  name: string;
  address: string;
  port: number;
  credential: { username: string; privateKey?: string; passphrase?: string; password?: string } | null;
  hostKeyFingerprint: string | null;
  intervalMs: number;
  agentMode: "STREAM" | "EXEC";
  services: string[];
  lagProbe: string | null;
  /** Changes whenever the server row changes: a new version restarts its poller. */
  version: string;
};

export const DEFAULT_INTERVAL_MS = 5000;
