import { formatDate, formatDateTime } from "./format";

type Precision = "seconds" | "minutes" | "day";

/** A timestamp, or `fallback` (e.g. "Never") when there is none. Client components only: it formats in the browser's zone. */
export function Time({ iso, fallback = "—", precision = "seconds" }: { iso: string | null | undefined; fallback?: string; precision?: Precision }) {
  if (!iso) return <span className="muted">{fallback}</span>;
  return (
    <time dateTime={iso} title={iso}>
      {precision === "day" ? formatDate(iso) : formatDateTime(iso, precision)}
    </time>
  );
}
