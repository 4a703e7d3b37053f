"use client";

import Link from "next/link";
import { memo, useId, useState, type FormEvent } from "react";
import { errorMessage } from "@/components/api/fetch-json";
import type { FleetStore } from "@/components/realtime/fleet-store";
import { useFleetHost } from "@/components/realtime/socket-provider";
import { DataAge } from "@/components/fleet/data-age";
import { StateBadge } from "@/components/fleet/state-badge";
import { displayState } from "@/components/fleet/host-state";
import { MaintenanceNote } from "@/components/fleet/maintenance-note";
import { useClearFault, useInjectFault, usePowerSimHost, type TFaultKind, type TSimHost } from "./simulator-api";
import styles from "./simulator.module.css";

/** What Tandem should show once a fault takes hold (DESIGN section 4). */
const EXPECT: Record<string, string> = {
  down: "Unreachable at the next poll, Down after 3 failed polls (about 15 s).",
  hang: "Polls time out: Unreachable, then Down after 3 of them.",
  cutoff: "Unreachable, then Down, though its peers still reach it.",
  slow: "Slow answers; Unreachable if a poll takes longer than its timeout.",
  "high-cpu": "Degraded (CPU over its threshold).",
  "disk-full": "Degraded (disk over its threshold).",
  "raid-degraded": "Degraded (RAID array degraded).",
  "replication-lag": "Degraded once the lag passes its threshold (30 s).",
  "service-stopped": "Degraded (a watched service is not active).",
  "malformed-output": "Agent error: the output is not a valid sample.",
  "host-key-changed": "Unreachable: Tandem refuses the changed host key (and says so in the audit log).",
  "patch-fails": "Nothing until a rollout patches it: then its patch step fails (exit 100) and the host is re-enabled unpatched.",
  "no-boot": "Nothing until it reboots: then Down, and a rollout times out waiting for it. Clear the fault or power it on to boot it.",
  "service-fails-after-boot": "Nothing until it reboots: then Degraded (the service is not active), and a rollout's health gate fails.",
};

/** What a rollout would find: pending updates, and the kernel running against the one installed. */
function Packages({ p }: { p: TSimHost["packages"] }) {
  const updates = p.pending === 0 ? "up to date" : `${p.pending} pending${p.security ? `, ${p.security} security` : ""}${p.kernelPending ? ", kernel among them" : ""}`;
  return (
    <div className={styles.faultLine}>
      <span className={styles.label}>Packages</span>
      <span>
        {p.source}: {updates} · kernel <span className="mono">{p.kernel}</span>
        {p.rebootRequired ? (
          <>
            {" "}
            · <strong>reboot required</strong>
            {p.kernelInstalled !== p.kernel ? (
              <>
                {" "}
                (installed <span className="mono">{p.kernelInstalled}</span>)
              </>
            ) : null}
          </>
        ) : null}
      </span>
    </div>
  );
}

function LiveState({ store, serverId }: { store: FleetStore; serverId: string }) {
  const host = useFleetHost(store, serverId);
  if (!host) return <span className="muted">Waiting for the live fleet…</span>;
  const state = displayState(host);
  return (
    <div className={styles.live} data-state={state}>
      <div className={styles.liveLine}>
        <StateBadge state={state} />
        <DataAge at={host.lastSampleAt} className={styles.age} />
        <Link href={`/servers/${serverId}`} className={styles.open}>
          Server page
        </Link>
      </div>
      {host.maintenance ? (
        <p className={styles.reason}>
          In maintenance <MaintenanceNote maintenance={host.maintenance} health={host.health} />
        </p>
      ) : null}
      {host.reason ? <p className={styles.reason}>{host.reason}</p> : null}
    </div>
  );
}

/** " · Lag (s) 45": a fault's parameters, named as the form names them. */
function describeParams(params: Record<string, unknown> | undefined, kind: TFaultKind | undefined): string {
  if (!params) return "";
  const label = (name: string) => kind?.params?.find((p) => p.name === name)?.label ?? name;
  const parts = Object.entries(params).map(([k, v]) => `${label(k)} ${String(v)}`);
  return parts.length ? ` · ${parts.join(", ")}` : "";
}

/** A powered-off host says so, and by whom; powering it on boots it (the faults a reboot ends, and fenced, are gone). */
function PowerLine({ host, byFence, busy, onPowerOn }: { host: TSimHost; byFence: boolean; busy: boolean; onPowerOn: () => void }) {
  if (host.power === "on") return null;
  return (
    <div className={styles.powerOff} data-testid="powered-off">
      <span className={styles.powerBadge}>{host.poweredOffBy ? `Powered off by ${host.poweredOffBy}${byFence ? " (fence)" : ""}` : "Powered off"}</span>
      <button type="button" className="btn btn-sm" data-testid="power-on" disabled={busy} onClick={onPowerOn} aria-label={`Power on ${host.name}`}>
        Power on
      </button>
    </div>
  );
}

/** A load balancer host's backend servers, as its `tandem-sim lb` commands left them. */
function Backends({ backends }: { backends: NonNullable<TSimHost["backends"]> }) {
  return (
    <div className={styles.faultLine}>
      <span className={styles.label}>Backends</span>
      {backends.length === 0 ? (
        <span className="muted">none set or asked yet</span>
      ) : (
        <ul className={styles.backends}>
          {backends.map((b) => (
            <li key={`${b.backend}/${b.server}`} data-admin={b.admin} data-health={b.health}>
              <span className="mono">
                {b.backend}/{b.server}
              </span>{" "}
              <span className={styles.backendState}>
                {b.admin} · {b.health}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** One simulated host: Tandem's live view of it, its active faults, and a form to inject another. */
export const SimHostCard = memo(function SimHostCard({
  host,
  kinds,
  store,
  offByFence = false,
}: {
  host: TSimHost;
  kinds: TFaultKind[];
  store: FleetStore;
  /** poweredOffBy names one of the fleet's hypervisors: a fence device did it. */
  offByFence?: boolean;
}) {
  const titleId = useId();
  const formId = useId();
  const [fault, setFault] = useState(kinds[0]?.fault ?? "down");
  const [values, setValues] = useState<Record<string, string>>({});
  const [open, setOpen] = useState(false);
  const inject = useInjectFault();
  const clear = useClearFault();
  const power = usePowerSimHost();
  const kind = kinds.find((k) => k.fault === fault);
  const label = (f: string) => kinds.find((k) => k.fault === f)?.label ?? f;
  const busy = inject.isPending || clear.isPending || power.isPending;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!kind) return;
    const params: Record<string, string | number> = {};
    for (const p of kind.params ?? []) {
      const raw = (values[`${fault}.${p.name}`] ?? "").trim();
      if (raw === "") continue;
      params[p.name] = p.type === "number" ? Number(raw) : raw;
    }
    clear.reset();
    inject.mutate({ host: host.name, fault: kind.fault, ...(Object.keys(params).length ? { params } : {}) }, { onSuccess: () => setOpen(false) });
  }

  const lastAction = power.isSuccess
    ? "Powered on: the host boots and answers again; Tandem sees it back after 2 good polls."
    : inject.isSuccess && !clear.isSuccess
      ? `Injected ${label(inject.variables.fault)}. ${EXPECT[inject.variables.fault] ?? ""}`
      : clear.isSuccess
        ? clear.variables.fault
          ? `Cleared ${label(clear.variables.fault)}.`
          : "Cleared every fault: the host recovers after 2 good polls."
        : undefined;
  const failure = inject.isError ? inject.error : clear.isError ? clear.error : power.isError ? power.error : null;
  const powerOn = () => {
    inject.reset();
    clear.reset();
    power.mutate({ host: host.name, power: "on" });
  };

  return (
    <section
      className={`panel ${styles.card}`}
      aria-labelledby={titleId}
      data-faulty={host.faults.length > 0 || host.power === "off" || undefined}
      data-power={host.power}
      data-host={host.name}
    >
      <header className={styles.cardHeader}>
        <h2 id={titleId}>{host.name}</h2>
        <span className="mono muted">
          {host.address}:{host.port}
        </span>
        {host.role || host.fenced ? (
          <span className={styles.role}>
            {[host.role, host.fenced ? "fenced" : null].filter(Boolean).join(" · ")}
          </span>
        ) : null}
      </header>

      <div className={styles.cardBody}>
        <PowerLine host={host} byFence={offByFence} busy={busy} onPowerOn={powerOn} />
        {host.serverId ? <LiveState store={store} serverId={host.serverId} /> : <p className="muted">Not in Tandem&apos;s inventory.</p>}
        {host.backends ? <Backends backends={host.backends} /> : null}
        <Packages p={host.packages} />

        <div className={styles.faultLine}>
          <span className={styles.label}>Faults</span>
          {host.faults.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul className={styles.faults}>
              {host.faults.map((f) => (
                <li key={f.fault} className={styles.fault}>
                  <span>
                    {label(f.fault)}
                    <span className={styles.params}>{describeParams(f.params, kinds.find((k) => k.fault === f.fault))}</span>
                  </span>
                  <button
                    type="button"
                    className="btn btn-sm btn-ghost"
                    disabled={busy}
                    aria-label={`Clear ${label(f.fault)} on ${host.name}`}
                    title={`Clear ${label(f.fault)}`}
                    onClick={() => {
                      inject.reset();
                      clear.mutate({ host: host.name, fault: f.fault });
                    }}
                  >
                    <span aria-hidden="true">✕</span>
                  </button>
                </li>
              ))}
              {host.faults.length > 1 ? (
                <li>
                  <button
                    type="button"
                    className="btn btn-sm"
                    disabled={busy}
                    onClick={() => {
                      inject.reset();
                      clear.mutate({ host: host.name });
                    }}
                  >
                    Clear all
                  </button>
                </li>
              ) : null}
            </ul>
          )}
          {open ? null : (
            <button type="button" className={`btn btn-sm ${styles.openForm}`} aria-expanded={false} aria-controls={formId} onClick={() => setOpen(true)}>
              Inject a fault…
            </button>
          )}
        </div>

        {open ? (
          <form id={formId} className={styles.inject} onSubmit={onSubmit} aria-label={`Inject a fault into ${host.name}`}>
            <div className="field">
              <label htmlFor={`${formId}-fault`}>Fault</label>
              <select
                id={`${formId}-fault`}
                className="select"
                value={fault}
                onChange={(e) => setFault(e.target.value as typeof fault)}
                aria-describedby={`${formId}-about`}
                autoFocus
              >
                {kinds.map((k) => (
                  <option key={k.fault} value={k.fault}>
                    {k.label}
                  </option>
                ))}
              </select>
            </div>
            {(kind?.params ?? []).map((p) => (
              <div className="field" key={`${fault}.${p.name}`}>
                <label htmlFor={`${formId}-${p.name}`}>{p.label}</label>
                <input
                  id={`${formId}-${p.name}`}
                  className="input"
                  type={p.type === "number" ? "number" : "text"}
                  inputMode={p.type === "number" ? "numeric" : undefined}
                  min={p.type === "number" ? 0 : undefined}
                  placeholder={p.default !== undefined ? String(p.default) : "default"}
                  value={values[`${fault}.${p.name}`] ?? ""}
                  onChange={(e) => setValues((v) => ({ ...v, [`${fault}.${p.name}`]: e.target.value }))}
                />
              </div>
            ))}
            <div className={styles.formActions}>
              <button type="submit" className="btn btn-danger-solid" disabled={busy || !kind}>
                {inject.isPending ? "Injecting…" : "Inject"}
              </button>
              <button type="button" className="btn" onClick={() => setOpen(false)}>
                Cancel
              </button>
            </div>
            <p id={`${formId}-about`} className={`hint ${styles.about}`}>
              {kind?.description} {EXPECT[fault] ? <>Expect: {EXPECT[fault]}</> : null}
            </p>
          </form>
        ) : null}

        <div role="status" className={styles.status}>
          {lastAction}
        </div>
        {failure ? (
          <div role="alert" className="alert">
            {errorMessage(failure)}
          </div>
        ) : null}
      </div>
    </section>
  );
});
