"use client";

import { useDeferredValue, useMemo, useState } from "react";
import { errorMessage } from "@/components/api/fetch-json";
import { useFleet } from "@/components/realtime/socket-provider";
import { LiveIndicator } from "@/components/realtime/live-indicator";
import { ErrorAlert } from "@/components/ui/messages";
import { PageHeader } from "@/components/ui/page-header";
import { isNotRunning, useSimulator } from "./simulator-api";
import { SimHostCard } from "./sim-host-card";
import styles from "./simulator.module.css";

function NotRunning() {
  return (
    <section className="panel not-built" aria-labelledby="sim-off-title">
      <h2 id="sim-off-title">The simulator is not running</h2>
      <p>The simulated fleet runs with the demo: start Tandem on its embedded database with no servers configured (<code>npm start</code>), or set <code>TANDEM_DEMO=1</code>.</p>
      <p className="muted">It simulates about 27 servers over real SSH so you can break them here and watch the Fleet page react. Real servers are never touched from this page.</p>
    </section>
  );
}

/** The demo fleet's fault control: break a simulated server, watch Tandem notice, put it right. */
export function SimulatorPanel() {
  const sim = useSimulator();
  const { store, connection, room } = useFleet();
  const [filter, setFilter] = useState("");
  const [onlyFaulty, setOnlyFaulty] = useState(false);
  const q = useDeferredValue(filter.trim().toLowerCase());

  const hosts = useMemo(
    () => (sim.data?.hosts ?? []).filter((h) => (!q || h.name.toLowerCase().includes(q) || h.address.includes(q)) && (!onlyFaulty || h.faults.length > 0 || h.power === "off")),
    [sim.data, q, onlyFaulty],
  );
  const faulty = sim.data?.hosts.filter((h) => h.faults.length > 0 || h.power === "off").length ?? 0;
  const off = sim.data?.hosts.filter((h) => h.power === "off").length ?? 0;
  // A host a hypervisor powered off was fenced out of band (only fence devices run `tandem-sim power`).
  const hypervisors = useMemo(() => new Set((sim.data?.hosts ?? []).filter((h) => h.role === "hypervisor").map((h) => h.name)), [sim.data]);

  const header = (
    <PageHeader
      title="Simulator"
      description="Inject faults into the simulated demo fleet and watch Tandem notice. Only simulated hosts are affected."
      actions={sim.data ? <LiveIndicator connection={connection} room={room} /> : undefined}
    />
  );

  if (sim.isPending) {
    return (
      <div className="page page-wide">
        {header}
        <p className="muted" aria-busy="true">
          Loading the simulated fleet…
        </p>
      </div>
    );
  }
  if (sim.isError && isNotRunning(sim.error)) {
    return (
      <div className="page page-narrow">
        {header}
        <NotRunning />
      </div>
    );
  }
  if (sim.isError && !sim.data) {
    return (
      <div className="page page-wide">
        {header}
        <ErrorAlert>Could not load the simulator: {errorMessage(sim.error)}</ErrorAlert>
      </div>
    );
  }

  const all = sim.data?.hosts ?? [];
  return (
    <div className="page page-wide">
      {header}
      <div className="stack">
        <div className={styles.toolbar}>
          <div className="field">
            <label htmlFor="sim-filter">Find a host</label>
            <input id="sim-filter" type="search" className="input" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Name or address" autoComplete="off" />
          </div>
          <label className={styles.check}>
            <input type="checkbox" checked={onlyFaulty} onChange={(e) => setOnlyFaulty(e.target.checked)} /> Only hosts with faults or powered off
          </label>
          <p className={styles.count}>
            {all.length} simulated {all.length === 1 ? "host" : "hosts"}, {faulty} with faults{off ? ` (${off} powered off)` : ""}
          </p>
        </div>
        {sim.isError ? <ErrorAlert>Could not refresh: {errorMessage(sim.error)}</ErrorAlert> : null}
        {hosts.length === 0 ? (
          <p className="panel not-built">{all.length ? "No host matches." : "The simulator has no hosts."}</p>
        ) : (
          <div className={styles.cards}>
            {hosts.map((h) => (
              <SimHostCard key={h.name} host={h} kinds={sim.data!.faultKinds} store={store} offByFence={h.poweredOffBy !== null && hypervisors.has(h.poweredOffBy)} />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
