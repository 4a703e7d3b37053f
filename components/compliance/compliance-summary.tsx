import { STATUS_LABEL, STATUS_MEANING, STATUS_ORDER, paletteOf } from "./labels";
import type { TComplianceReport } from "./types";
import styles from "./compliance.module.css";

type Summary = TComplianceReport["summary"];

function Tile({ label, value, detail, tone, testId }: { label: string; value: number; detail?: string; tone?: string; testId: string }) {
  return (
    <div className={styles.tile} data-state={tone} data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <strong>{value.toLocaleString()}</strong>
        {detail ? <span className="muted">{detail}</span> : null}
      </dd>
    </div>
  );
}

const pct = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)} %` : "");

/** The fleet at a glance: the tiles count the servers listed, the bar splits them by status. */
export function ComplianceSummary({ summary }: { summary: Summary }) {
  const s = summary;
  return (
    <section className={`panel ${styles.summary}`} aria-label="Compliance summary">
      <dl className={styles.tiles}>
        <Tile testId="tile-servers" label="Servers" value={s.servers} />
        <Tile testId="tile-up-to-date" label="Up to date" value={s.upToDate} detail={pct(s.upToDate, s.servers)} tone={s.upToDate ? "UP" : undefined} />
        <Tile
          testId="tile-security"
          label="Security updates pending"
          value={s.withSecurity}
          detail={s.securityTotal ? `${s.securityTotal.toLocaleString()} updates` : undefined}
          tone={s.withSecurity ? "UNREACHABLE" : undefined}
        />
        <Tile testId="tile-reboot" label="Reboot required" value={s.rebootRequired} tone={s.rebootRequired ? "DOWN" : undefined} />
        <Tile testId="tile-unknown" label="Unknown" value={s.unknown} tone={s.unknown ? "UNKNOWN" : undefined} />
      </dl>
      {s.servers > 0 ? (
        <div className={styles.barWrap}>
          <div className={styles.bar} role="img" aria-label={STATUS_ORDER.map((k) => `${STATUS_LABEL[k]} ${s.byStatus[k]}`).join(", ")}>
            {STATUS_ORDER.filter((k) => s.byStatus[k] > 0).map((k) => (
              <span key={k} data-state={paletteOf(k)} style={{ flexGrow: s.byStatus[k] }} title={`${STATUS_LABEL[k]}: ${s.byStatus[k]}`} />
            ))}
          </div>
          <ul className={styles.legend} aria-hidden="true">
            {STATUS_ORDER.map((k) => (
              <li key={k} data-state={paletteOf(k)} data-zero={s.byStatus[k] === 0 || undefined} title={STATUS_MEANING[k]}>
                <span className="state-dot" />
                {STATUS_LABEL[k]} <strong>{s.byStatus[k].toLocaleString()}</strong>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
