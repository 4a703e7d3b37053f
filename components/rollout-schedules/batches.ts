// The batch ramp as an operator types it: "1, 10%, 25%" (the last size repeats).
import type { TBatchSize } from "./types";

export function batchesText(batches: TBatchSize[]): string {
  return batches.join(", ");
}

/** The ramp, or the first part that is not a count (1 or more) or a percent (1% to 100%). */
export function parseBatches(text: string): { batches: TBatchSize[] } | { error: string } {
  const parts = text.split(",").map((p) => p.trim()).filter(Boolean);
  if (!parts.length) return { error: "Give at least one batch size." };
  if (parts.length > 20) return { error: "At most 20 batch sizes; the last one repeats." };
  const batches: TBatchSize[] = [];
  for (const p of parts) {
    if (/^(100|[1-9][0-9]?)%$/.test(p)) batches.push(p);
    else if (/^[1-9][0-9]{0,5}$/.test(p) && Number(p) <= 100_000) batches.push(Number(p));
    else return { error: `"${p}" is not a count or a percent like 25%.` };
  }
  return { batches };
}
