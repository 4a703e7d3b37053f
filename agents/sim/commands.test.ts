import { describe, expect, it } from "vitest";
import { agentScript, installAgentCommand, pipedAgentCommand, runAgentCommand } from "../../server/agent/agent-command";
import { parseCommand, shellWords } from "./commands";

describe("parseCommand", () => {
  const { hash } = agentScript();

  it("recognises the exact commands Tandem sends", () => {
    expect(parseCommand(installAgentCommand())).toEqual({ kind: "install", hash });
    expect(parseCommand(runAgentCommand())).toEqual({ kind: "run", hash, agent: { services: [], lagCmd: null, intervalSec: null, count: null } });
    const lag = `psql -Atc "select extract(epoch from now() - pg_last_xact_replay_timestamp())" 'it''s'`;
    expect(parseCommand(runAgentCommand({ services: ["postgresql", "nginx@web.service"], lagProbe: lag, intervalSec: 5 }))).toEqual({
      kind: "run",
      hash,
      agent: { services: ["postgresql", "nginx@web.service"], lagCmd: lag, intervalSec: 5, count: null },
    });
    expect(parseCommand(pipedAgentCommand())).toEqual({ kind: "piped", agent: { services: [], lagCmd: null, intervalSec: null, count: null } });
    expect(parseCommand(pipedAgentCommand({ services: ["cron"] }))).toMatchObject({ kind: "piped", agent: { services: ["cron"] } });
    expect(parseCommand("tandem-probe 127.21.0.1 2222")).toEqual({ kind: "probe", address: "127.21.0.1", port: 2222 });
  });

  it("accepts another agent version's hash, consistently used", () => {
    const other = "0123456789abcdef";
    expect(parseCommand(runAgentCommand().replaceAll(hash, other))).toMatchObject({ kind: "run", hash: other });
    expect(parseCommand(installAgentCommand().replaceAll(hash, other))).toEqual({ kind: "install", hash: other });
    expect(parseCommand(runAgentCommand().replace(hash, other)).kind).toBe("unknown");
  });

  it("refuses what the agent refuses, and does not run anything else", () => {
    expect(parseCommand(`${runAgentCommand()} --service '-H'`)).toMatchObject({ kind: "bad-args" });
    expect(parseCommand(`${runAgentCommand()} --interval 0`)).toMatchObject({ kind: "bad-args" });
    expect(parseCommand(`${runAgentCommand()} --service x; reboot`)).toMatchObject({ kind: "bad-args" });
    expect(parseCommand("rm -rf /")).toEqual({ kind: "unknown", program: "rm" });
    expect(parseCommand(`${installAgentCommand()}; reboot`).kind).toBe("unknown");
  });

  it("splits shell words the way sh does for quoted arguments", () => {
    expect(shellWords(`a 'b c' 'it'\\''s' d\\ e`)).toEqual(["a", "b c", "it's", "d e"]);
    expect(shellWords("a 'unterminated")).toBeNull();
    expect(shellWords("a $(id)")).toBeNull();
  });
});
