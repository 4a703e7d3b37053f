"use client";

import type { ConnectionStatus, RoomStatus } from "./realtime-client";
import styles from "./live-indicator.module.css";

type Tone = "live" | "wait" | "lost" | "error";

function describe(connection: ConnectionStatus, room: RoomStatus): { tone: Tone; label: string; title: string } {
  if (connection === "reconnecting") return { tone: "lost", label: "Reconnecting…", title: "The live connection dropped; what you see may be out of date until it is back." };
  if (connection !== "live") return { tone: "wait", label: "Connecting…", title: "Opening the live connection." };
  if (room.phase === "error") return { tone: "error", label: "Not available", title: room.error?.message ?? "The server refused this live view." };
  if (room.phase === "joining") return { tone: "wait", label: "Syncing…", title: "Fetching a fresh snapshot." };
  return { tone: "live", label: "Live", title: "Receiving live updates." };
}

/** Says whether what is shown is live: a dot and a word, announced politely when it changes. */
export function LiveIndicator({ connection, room }: { connection: ConnectionStatus; room: RoomStatus }) {
  const { tone, label, title } = describe(connection, room);
  return (
    <span role="status" className={styles.indicator} data-tone={tone} title={title}>
      <span className={styles.dot} aria-hidden="true" />
      {label}
    </span>
  );
}
