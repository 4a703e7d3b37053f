import { ClippedText } from "@/components/ui/clipped-text";
import { Time } from "@/components/ui/time";
import type { TDelivery } from "./types";

export const DELIVERY_COLUMNS = ["Channel", "Event", "State", "Attempts", "Last status", "Error", "Created", "Sent"];

const STATE_CLS: Record<TDelivery["state"], string> = { PENDING: "badge-accent", SENT: "badge-success", FAILED: "badge-danger", DROPPED: "badge-warning" };

/** Rows of a delivery log: one webhook call per alert event and channel, with its retries. */
export function DeliveryRows({ deliveries, showChannel = true }: { deliveries: TDelivery[]; showChannel?: boolean }) {
  return deliveries.map((d) => (
    <tr key={d.id}>
      {showChannel ? <td>{d.channelName}</td> : null}
      <td>{d.event}</td>
      <td>
        <span className={`badge ${STATE_CLS[d.state] ?? ""}`}>{d.state.charAt(0) + d.state.slice(1).toLowerCase()}</span>
      </td>
      <td>{d.attempts}</td>
      <td>{d.lastStatus ?? <span className="muted">—</span>}</td>
      <td className="clip-fill">{d.lastError ? <ClippedText text={d.lastError} /> : <span className="muted">—</span>}</td>
      <td className="nowrap">
        <Time iso={d.createdAt} />
      </td>
      <td className="nowrap">
        <Time iso={d.sentAt} />
      </td>
    </tr>
  ));
}
