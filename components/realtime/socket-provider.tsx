"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { FLEET_EVENTS, type TFleetDelta, type TFleetInventoryChanged, type TFleetSnapshot } from "@/server/fleet/fleet.types";
import { RealtimeClient, type ConnectionStatus, type RoomStatus } from "./realtime-client";
import { FleetStore } from "./fleet-store";

type Realtime = { client: RealtimeClient; fleet: FleetStore; retainFleet: () => () => void };

const RealtimeContext = createContext<Realtime | null>(null);
const SNAPSHOT_WATCHDOG_MS = 5000;
const FLEET_LINGER_MS = 10_000;

// Set while the tab navigates away: a refusal then is the old page's (its
// session cookie may be gone on purpose), and redirecting would cancel the
// navigation already under way. If the tab is still here later, it goes.
let leaving: ReturnType<typeof setTimeout> | undefined;
function goToLogin(): void {
  if (leaving) {
    setTimeout(goToLogin, 5000);
    return;
  }
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(here)}`);
}
function onLeave(): void {
  clearTimeout(leaving);
  leaving = setTimeout(() => (leaving = undefined), 5000);
}

function createRealtime(): Realtime {
  const client = new RealtimeClient({ onUnauthenticated: goToLogin });
  const fleet = new FleetStore(() => client.resync("fleet"));
  // One fleet subscription for the whole tab, however many views show it.
  let refs = 0;
  let release: (() => void) | null = null;
  let lingering: ReturnType<typeof setTimeout> | undefined;
  const retainFleet = () => {
    clearTimeout(lingering);
    if (refs++ === 0 && !release) {
      const offs = [
        client.on(FLEET_EVENTS.snapshot, (p) => fleet.applySnapshot(p as TFleetSnapshot)),
        client.on(FLEET_EVENTS.delta, (p) => fleet.applyDelta(p as TFleetDelta)),
        client.on(FLEET_EVENTS.inventory, (p) => fleet.applyInventoryChanged(p as TFleetInventoryChanged)),
        client.subscribeStatus(() => {
          if (client.getStatus() !== "live") fleet.connectionLost();
        }),
      ];
      const leave = client.join("fleet");
      // Joined but no snapshot (the server was still starting its monitoring, or
      // the snapshot was lost): ask again rather than wait forever.
      const watchdog = setInterval(() => {
        if (client.getRoomStatus("fleet")?.phase === "live" && !fleet.inSync()) client.resync("fleet");
      }, SNAPSHOT_WATCHDOG_MS);
      release = () => {
        clearInterval(watchdog);
        leave();
        for (const off of offs) off();
        fleet.connectionLost();
      };
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      // Going from one live page to another keeps the subscription (no new snapshot to wait for).
      if (--refs === 0) {
        lingering = setTimeout(() => {
          release?.();
          release = null;
        }, FLEET_LINGER_MS);
      }
    };
  };
  return { client, fleet, retainFleet };
}

/** One socket per tab, opened when a view first asks for live data. Mounted by the app shell's layout. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const [realtime] = useState(createRealtime);
  useEffect(() => {
    realtime.client.start();
    window.addEventListener("beforeunload", onLeave);
    return () => {
      window.removeEventListener("beforeunload", onLeave);
      realtime.client.stop();
    };
  }, [realtime]);
  return <RealtimeContext.Provider value={realtime}>{children}</RealtimeContext.Provider>;
}

function useRealtime(): Realtime {
  const r = useContext(RealtimeContext);
  if (!r) throw new Error("Live data needs <RealtimeProvider> (mounted by app/(app)/layout.tsx).");
  return r;
}

export function useConnectionStatus(): ConnectionStatus {
  const { client } = useRealtime();
  return useSyncExternalStore(client.subscribeStatus, client.getStatus, () => "idle");
}

export type RoomState = { connection: ConnectionStatus; room: RoomStatus; resync: () => void };
const JOINING: RoomStatus = { phase: "joining", error: null };

/**
 * Joins a room while mounted and routes its events to `handlers` (by event
 * name; the latest handlers are always used, so they need not be stable).
 * Every (re)join makes the server send the room's snapshot again.
 */
export function useRoom(room: string | null, handlers: Record<string, (payload: unknown) => void>): RoomState {
  const { client } = useRealtime();
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const events = Object.keys(handlers).sort().join("|");

  useEffect(() => {
    if (!room) return;
    const offs = events.split("|").filter(Boolean).map((event) => client.on(event, (p) => latest.current[event]?.(p)));
    const leave = client.join(room);
    return () => {
      leave();
      for (const off of offs) off();
    };
  }, [client, room, events]);

  const connection = useConnectionStatus();
  const getRoom = useCallback(() => (room ? (client.getRoomStatus(room) ?? JOINING) : JOINING), [client, room]);
  const status = useSyncExternalStore(client.subscribeRooms, getRoom, () => JOINING);
  const resync = useCallback(() => {
    if (room) client.resync(room);
  }, [client, room]);
  return { connection, room: status, resync };
}

/** The fleet store, subscribed to the fleet room while the calling view is mounted. */
export function useFleet(): { store: FleetStore; connection: ConnectionStatus; room: RoomStatus } {
  const { client, fleet, retainFleet } = useRealtime();
  useEffect(() => retainFleet(), [retainFleet]);
  const connection = useConnectionStatus();
  const getRoom = useCallback(() => client.getRoomStatus("fleet") ?? JOINING, [client]);
  const room = useSyncExternalStore(client.subscribeRooms, getRoom, () => JOINING);
  return { store: fleet, connection, room };
}

/** The fleet's shape (hosts and their states); re-renders on a state change or an inventory change, not on every metric. */
export function useFleetShape(store: FleetStore) {
  return useSyncExternalStore(store.subscribeShape, store.getShape, store.getShape);
}

/** One host, re-rendering only when a delta touches it. */
export function useFleetHost(store: FleetStore, id: string) {
  const subscribe = useCallback((l: () => void) => store.subscribeHost(id, l), [store, id]);
  const get = useCallback(() => store.getHost(id), [store, id]);
  return useSyncExternalStore(subscribe, get, get);
}
