import { ZAgentSample, type TAgentSample } from "../agent/agent-sample.types";

export type ParsedAgentOutput = { ok: true; sample: TAgentSample } | { ok: false; message: string };

/** Agent output is untrusted: anything but a valid v1 sample is an AGENT_ERROR with a reason a person can read. */
export function parseAgentOutput(text: string): ParsedAgentOutput {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: "agent printed nothing" };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (e) {
    return { ok: false, message: `agent output is not JSON (${(e as Error).message.slice(0, 80)}): ${JSON.stringify(trimmed.slice(0, 60))}` };
  }
  const r = ZAgentSample.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const v = (json as { v?: unknown })?.v;
    if (v !== 1) return { ok: false, message: `agent schema version ${JSON.stringify(v)} is not supported (expected 1)` };
    return { ok: false, message: `agent output invalid at ${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  return { ok: true, sample: r.data };
}
