// The provision hook's contract: its last line of stdout is one JSON object
// naming the server it created (ZProvisionOutput). Anything else fails the
// step with an error that says what was wrong and what was expected. The
// parsed result is recorded as the step's last output line, from which the
// later steps read it back (a restart included).
import { z } from "zod";
import { ZProvisionOutput, type TProvisionOutput } from "./restore.types";

export const EXPECTED = 'one JSON object: {"name", "address", "port"?, "username"?, "hostKeyFingerprint"?, "site"?}';
const RECORD_PREFIX = "provisioned: ";
const SHOWN = 200;

export class ProvisionOutputError extends Error {
  override name = "ProvisionOutputError";
}

const clip = (s: string) => (s.length > SHOWN ? `${s.slice(0, SHOWN)}…` : s);

export function parseProvisionOutput(stdout: string): TProvisionOutput {
  const last = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .pop();
  if (last === undefined) throw new ProvisionOutputError(`the provision hook printed nothing on stdout; its last line must be ${EXPECTED}`);
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    throw new ProvisionOutputError(`the provision hook's last line is not JSON: ${JSON.stringify(clip(last))}; expected ${EXPECTED}`);
  }
  const r = ZProvisionOutput.safeParse(json);
  if (!r.success) {
    const problems = r.error.issues.map(issueText);
    throw new ProvisionOutputError(`the provision hook's JSON is not valid: ${problems.join("; ")}; expected ${EXPECTED}`);
  }
  return r.data;
}

function issueText(i: z.core.$ZodIssue): string {
  if (i.code === "unrecognized_keys") return `it has unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.join(", ")}`;
  if (!i.path.length) return "it must be a JSON object";
  const at = i.path.join(".");
  return i.code === "invalid_type" && /received undefined/.test(i.message) ? `${at} is required` : `${at} ${i.message}`;
}

/** The line the provision step ends its output with. */
export function provisionedRecord(p: TProvisionOutput): string {
  return `${RECORD_PREFIX}${JSON.stringify(p)}`;
}

/** Reads the record back from the provision step's stored output (its last line). */
export function readProvisionedRecord(output: string): TProvisionOutput | null {
  const last = output.trimEnd().split("\n").pop() ?? "";
  if (!last.startsWith(RECORD_PREFIX)) return null;
  try {
    return ZProvisionOutput.parse(JSON.parse(last.slice(RECORD_PREFIX.length)));
  } catch {
    return null;
  }
}
