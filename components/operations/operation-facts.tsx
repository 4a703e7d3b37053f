import Link from "next/link";

/** The facts every operation page opens its list with: group (or site), who, why, ticket (inside a <dl>). */
export function OperationFacts({
  groupId,
  groupName,
  site,
  initiator,
  reason,
  ticketRef,
}: {
  groupId: string | null;
  groupName: string | null | undefined;
  /** A site operation's site, shown instead of the group. */
  site?: { id: string; name: string } | null;
  initiator: string;
  reason: string;
  ticketRef: string | null;
}) {
  return (
    <>
      {site ? (
        <div>
          <dt>Site</dt>
          <dd>
            <Link href={`/sites/${site.id}`}>{site.name}</Link>
          </dd>
        </div>
      ) : (
        <div>
          <dt>Group</dt>
          <dd>{groupId ? <Link href={`/groups/${groupId}`}>{groupName ?? "Open group"}</Link> : "—"}</dd>
        </div>
      )}
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
