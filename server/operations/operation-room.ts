// The `operation:<id>` room: a subscriber gets the operation with its steps,
// then the engine's `operation:step` / `operation:state` deltas.
// Wire with hub.setRoomProvider("operation", operationRoomProvider(db)).
import type { Db } from "../db/client";
import type { RoomProvider } from "../realtime/hub";
import { getOperation } from "./get-operation";
import { operationEvents } from "./operation.types";

export function operationRoomProvider(db: Db): RoomProvider {
  return { event: operationEvents.snapshot, snapshot: (id) => (id ? getOperation(db, id) : null) };
}
