// Batch sizes as an operator types them ("1, 10%, 25%") and as the API takes
// them ([1, "10%", "25%"]).
import type { TBatchSize } from "./types";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX_SIZES = 20;
const MAX_COUNT = 100_000;

/** One size: a count of hosts ("3") or a percent of the rollout's hosts ("25%"). */
export function parseBatchSize(token: string): Parsed<TBatchSize> {
  const t = token.trim();
  const pct = /^(\d+)\s*%$/.exec(t);
  if (pct) {
    const n = Number(pct[1]);
    if (n < 1 || n > 100) return { ok: false, error: `"${t}": a percent is between 1% and 100%.` };
    return { ok: true, value: `${n}%` };
  }
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n < 1) return { ok: false, error: `"${t}": a batch has at least 1 host.` };
    if (n > MAX_COUNT) return { ok: false, error: `"${t}": at most ${MAX_COUNT.toLocaleString("en")} hosts.` };
    return { ok: true, value: n };
  }
  return { ok: false, error: `"${t}" is not a count or a percent like 25%.` };
}

/** "1, 10%, 25%" → [1, "10%", "25%"]; commas or spaces between sizes. */
export function parseRamp(text: string): Parsed<TBatchSize[]> {
  const tokens = text
    .split(/[,;\s]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    // "10 %" is one size, not two.
    .reduce<string[]>((acc, t) => {
      if (t === "%" && acc.length) acc[acc.length - 1] += "%";
      else acc.push(t);
      return acc;
    }, []);
  if (tokens.length === 0) return { ok: false, error: "Give at least one batch size, e.g. 1, 25%." };
  if (tokens.length > MAX_SIZES) return { ok: false, error: `At most ${MAX_SIZES} sizes; the last one repeats.` };
  const sizes: TBatchSize[] = [];
  for (const t of tokens) {
    const p = parseBatchSize(t);
    if (!p.ok) return p;
    sizes.push(p.value);
  }
  return { ok: true, value: sizes };
}

export function formatRamp(sizes: readonly TBatchSize[]): string {
  return sizes.map(String).join(", ");
}

/** A failure budget: 0 (none may fail), a count, or a percent. */
export function parseBudget(text: string): Parsed<TBatchSize | 0> {
  const t = text.trim();
  if (t === "" || /^0+\s*%?$/.test(t)) return { ok: true, value: 0 };
  return parseBatchSize(t);
}

/** In words, for the preview: "one host, then 10% at a time, then 25% at a time". */
export function describeRamp(sizes: readonly TBatchSize[]): string {
  const one = (s: TBatchSize) => (typeof s === "number" ? `${s} ${s === 1 ? "host" : "hosts"}` : s);
  if (sizes.length === 0) return "";
  const parts = sizes.map(one);
  const last = parts.pop()!;
  return [...parts, `then ${last} at a time`].join(", ").replace(/^then /, "");
}
