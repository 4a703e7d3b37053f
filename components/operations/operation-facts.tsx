import Link from "next/link";

/** The facts every operation page opens its list with: group, who, why, ticket (inside a <dl>). */
export function OperationFacts({ groupId, groupName, initiator, reason, ticketRef }: { groupId: string | null; groupName: string | null | undefined; initiator: string; reason: string; ticketRef: string | null }) {
  return (
    <>
      <div>
        <dt>Group</dt>
        <dd>{groupId ? <Link href={`/groups/${groupId}`}>{groupName ?? "Open group"}</Link> : "—"}</dd>
      </div>
      <div>
        <dt>Started by</dt>
        <dd>{initiator}</dd>
      </div>
      <div>
        <dt>Reason</dt>
        <dd>{reason || <span className="muted">None given</span>}</dd>
      </div>
      <div>
        <dt>Ticket</dt>
        <dd>{ticketRef ?? <span className="muted">—</span>}</dd>
      </div>
    </>
  );
}
