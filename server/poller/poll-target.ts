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
  /** Changes with anything that needs a new connection (address, credential, mode…), but not with the pin Tandem records itself. */
  version: string;
};

export const DEFAULT_INTERVAL_MS = 5000;
