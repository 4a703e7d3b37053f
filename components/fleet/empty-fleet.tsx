import Link from "next/link";

/** No servers at all: how to get some. */
export function EmptyFleet({ isAdmin }: { isAdmin: boolean }) {
  return (
    <section className="panel not-built" aria-labelledby="empty-fleet-title">
      <h2 id="empty-fleet-title">No servers yet</h2>
      <p>Tandem watches servers over SSH: adding one takes its address and a credential. Tandem installs its small agent itself; nothing to set up on the server.</p>
      {isAdmin ? (
        <p>
          <Link href="/settings/inventory" className="btn btn-primary">
            Add a server
          </Link>{" "}
          <span className="muted">or import them from an Ansible inventory on the same page.</span>
        </p>
      ) : (
        <p className="muted">Ask an admin to add servers under Settings → Inventory.</p>
      )}
      <p className="muted">
        To try Tandem without servers, run the demo: <code>npm start</code> on the embedded database with no servers configured starts a simulated fleet
        of about 24 servers in 3 sites (<code>TANDEM_DEMO=0</code> turns it off).
        {isAdmin ? " The Simulator page then lets you break them and watch." : ""}
      </p>
    </section>
  );
}
