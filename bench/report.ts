export type Row = { figure: string; value: number; unit: string; target: number | null; better: "lower" | "higher" };

const fmt = (v: number) => (!Number.isFinite(v) ? "n/a" : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));

/** One line per figure: value, target, and the ratio (≤ 1 meets a "lower" target, ≥ 1 a "higher" one). */
export function printTable(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  const w = Math.max(...rows.map((r) => r.figure.length));
  for (const r of rows) {
    const target = r.target === null ? "" : `target ${r.better === "lower" ? "≤" : "≥"} ${fmt(r.target)} ${r.unit}`;
    const ratio = r.target === null ? "" : `ratio ${(r.value / r.target).toFixed(2)} ${(r.better === "lower" ? r.value <= r.target : r.value >= r.target) ? "OK" : "MISSED"}`;
    console.log(`  ${r.figure.padEnd(w)}  ${fmt(r.value).padStart(9)} ${r.unit.padEnd(5)}  ${target.padEnd(22)} ${ratio}`);
  }
}
