"use client";

import type { ReactNode } from "react";
import type { TAgentSample } from "@/server/agent/agent-sample.types";
import type { THostMetrics } from "@/server/health/health.types";
import { DataAge } from "@/components/fleet/data-age";
import { ClientTime } from "./client-time";
import { formatBps, formatBytes, formatKb, formatPct, formatSeconds, formatUptime } from "./format";
import styles from "./server.module.css";

function UsageBar({ pct, label }: { pct: number | null; label: string }) {
  const level = pct === null ? undefined : pct >= 90 ? "crit" : pct >= 75 ? "warn" : undefined;
  return (
    <span className={styles.usage} data-level={level}>
      <span
        className={styles.usageTrack}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={pct === null ? "unknown" : `${Math.round(pct)} percent`}
      >
        {pct === null ? null : <span className={styles.usageFill} style={{ width: `${Math.min(100, Math.max(0, pct))}%` }} />}
      </span>
      <span className={styles.usageText}>{formatPct(pct)}</span>
    </span>
  );
}

function Panel({ title, children, extra, wide }: { title: string; children: ReactNode; extra?: ReactNode; wide?: boolean }) {
  const id = `facts-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section className={`panel ${styles.factPanel} ${wide ? styles.wide : ""}`} aria-labelledby={id}>
      <div className="panel-header">
        <h2 id={id}>{title}</h2>
        {extra}
      </div>
      {children}
    </section>
  );
}

function Flag({ tone, children }: { tone: "success" | "danger" | "warning" | "muted"; children: ReactNode }) {
  return <span className={tone === "muted" ? "badge" : `badge badge-${tone}`}>{children}</span>;
}

const pctOf = (used: number, total: number) => (total > 0 ? (100 * used) / total : null);

/**
 * What the agent last reported: system, updates, disks, network, RAID and
 * services. `sampleAt` dates them; stale facts say so in each panel.
 */
export function ServerFacts({
  sample,
  metrics,
  sampleAt,
  staleAfterMs,
}: {
  sample: TAgentSample | null;
  metrics: THostMetrics | null;
  sampleAt: number | null;
  staleAfterMs: number;
}) {
  if (!sample) {
    return (
      <section className="panel not-built" aria-label="Facts">
        <p>No facts yet: the agent has not answered. They appear with the first sample.</p>
      </section>
    );
  }
  const asOf = (
    <span className={styles.asOf}>
      as of <DataAge at={sampleAt} staleAfterMs={staleAfterMs} />
    </span>
  );
  const mem = sample.memKb;
  const memUsed = mem.total - mem.available;
  const swapUsed = sample.swapKb.total - sample.swapKb.free;
  const u = sample.updates;
  const cpuCount = metrics?.cpuCount ?? sample.cpu.count;
  return (
    <div className={styles.facts}>
      <Panel title="System" extra={asOf}>
        <dl className={`dl ${styles.factList}`}>
          <dt>Kernel</dt>
          <dd className="mono">{sample.kernel}</dd>
          <dt>OS</dt>
          <dd>{sample.os}</dd>
          <dt>Uptime</dt>
          <dd>{formatUptime(metrics?.uptimeSec ?? sample.uptimeSec)}</dd>
          <dt>CPUs</dt>
          <dd>
            {cpuCount} {metrics?.cpuPct !== null && metrics?.cpuPct !== undefined ? <span className="muted">· {formatPct(metrics.cpuPct)} busy</span> : null}
          </dd>
          <dt>Load</dt>
          <dd>
            {sample.load.join(" / ")} <span className="muted">(1, 5, 15 min{cpuCount ? `; ${(sample.load[0] / cpuCount).toFixed(2)} per CPU` : ""})</span>
          </dd>
          <dt>Memory</dt>
          <dd>
            <UsageBar pct={pctOf(memUsed, mem.total)} label="Memory used" />
            <span className="muted">
              {formatKb(memUsed)} of {formatKb(mem.total)} used
            </span>
          </dd>
          <dt>Swap</dt>
          <dd>
            {sample.swapKb.total > 0 ? (
              <>
                <UsageBar pct={pctOf(swapUsed, sample.swapKb.total)} label="Swap used" />
                <span className="muted">
                  {formatKb(swapUsed)} of {formatKb(sample.swapKb.total)} used
                </span>
              </>
            ) : (
              <span className="muted">none</span>
            )}
          </dd>
          <dt>Network</dt>
          <dd>
            {formatBps(metrics?.netRxBps)} in · {formatBps(metrics?.netTxBps)} out
          </dd>
          <dt>Replication lag</dt>
          <dd>{sample.replicationLagSec === null ? <span className="muted">not measured</span> : formatSeconds(sample.replicationLagSec)}</dd>
        </dl>
      </Panel>

      <Panel title="Updates" extra={asOf}>
        <dl className={`dl ${styles.factList}`}>
          <dt>Pending updates</dt>
          <dd>{!u || u.pending === null ? <span className="muted">unknown</span> : u.pending}</dd>
          <dt>Security updates</dt>
          <dd>
            {!u || u.security === null ? (
              <span className="muted">unknown</span>
            ) : u.security > 0 ? (
              <Flag tone="warning">{u.security} pending</Flag>
            ) : (
              "0"
            )}
          </dd>
          <dt>Checked</dt>
          <dd>{u ? <ClientTime iso={new Date(u.checkedAt * 1000).toISOString()} precision="minutes" /> : <span className="muted">never</span>}{u ? <span className="muted"> · {u.source}</span> : null}</dd>
          <dt>Reboot required</dt>
          <dd>{sample.rebootRequired ? <Flag tone="warning">Yes</Flag> : "No"}</dd>
        </dl>
      </Panel>

      <Panel title="Disks" extra={asOf} wide>
        {sample.disks.length === 0 ? (
          <p className="table-state">No filesystems reported.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Mount</th>
                  <th scope="col">Filesystem</th>
                  <th scope="col">Size</th>
                  <th scope="col">Used</th>
                  <th scope="col">Free</th>
                  <th scope="col">Usage</th>
                </tr>
              </thead>
              <tbody>
                {sample.disks.map((d) => (
                  <tr key={d.mount}>
                    <td className="mono">{d.mount}</td>
                    <td className="mono muted">{d.fs}</td>
                    <td>{formatKb(d.sizeKb)}</td>
                    <td>{formatKb(d.usedKb)}</td>
                    <td>{formatKb(d.availKb)}</td>
                    <td>
                      <UsageBar pct={pctOf(d.usedKb, d.usedKb + d.availKb)} label={`${d.mount} used`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>

      <Panel title="Network interfaces" extra={asOf}>
        {sample.net.length === 0 ? (
          <p className="table-state">No interfaces reported.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Interface</th>
                  <th scope="col">Received (total)</th>
                  <th scope="col">Sent (total)</th>
                </tr>
              </thead>
              <tbody>
                {sample.net.map((n) => (
                  <tr key={n.if}>
                    <td className="mono">{n.if}</td>
                    <td>{formatBytes(n.rxBytes)}</td>
                    <td>{formatBytes(n.txBytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>

      <Panel title="RAID" extra={asOf}>
        {sample.raid.length === 0 ? (
          <p className="table-state">No software RAID arrays.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Array</th>
                  <th scope="col">Level</th>
                  <th scope="col">Members</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {sample.raid.map((r) => (
                  <tr key={r.name}>
                    <td className="mono">{r.name}</td>
                    <td>{r.level}</td>
                    <td className="mono">{r.status}</td>
                    <td>{r.degraded ? <Flag tone="danger">Degraded</Flag> : <Flag tone="success">OK</Flag>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>

      <Panel title="Services" extra={asOf}>
        {sample.services.length === 0 ? (
          <p className="table-state">No services watched. Add them to this server in the inventory.</p>
        ) : (
          <ul className={styles.services}>
            {sample.services.map((s) => (
              <li key={s.name}>
                <span className="mono">{s.name}</span>
                <Flag tone={s.state === "active" ? "success" : "danger"}>{s.state}</Flag>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
