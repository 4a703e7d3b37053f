import type { TDelivery } from "../alerts/alerts.types";

type DeliveryRow = {
  id: string;
  alertId: string | null;
  channelId: string;
  event: string;
  state: TDelivery["state"];
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date;
};

export function toDeliveryDto(d: DeliveryRow, channelName: string): TDelivery {
  return {
    id: d.id,
    alertId: d.alertId,
    channelId: d.channelId,
    channelName,
    event: d.event,
    state: d.state,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    sentAt: d.sentAt?.toISOString() ?? null,
    nextAttemptAt: d.nextAttemptAt.toISOString(),
  };
}
