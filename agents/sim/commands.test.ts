import { describe, expect, it } from "vitest";
import { probeCommand } from "../../server/failover/probe-command";
import { agentScript, installAgentCommand, pipedAgentCommand, runAgentCommand, shellQuote } from "../../server/agent/agent-command";
import { remoteScript } from "../../server/failover/run-hook";
import { defaultPatchScripts, patchScript, REBOOT_SCRIPT } from "../../server/rollouts/patch-commands";
import { classifyStdin, parseCommand, parseScript, shellWords } from "./commands";

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
    expect(parseCommand(probeCommand({ address: "127.21.0.1", port: 2222 }))).toEqual({ kind: "probe", address: "127.21.0.1", port: 2222 });
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
    for (const bad of ["0.0", ".5", "1.", "1.2.3", "-1"]) expect(parseCommand(`${runAgentCommand()} --interval ${bad}`), bad).toMatchObject({ kind: "bad-args" });
    expect(parseCommand(runAgentCommand({ intervalSec: 0.25 }))).toMatchObject({ kind: "run", agent: { intervalSec: 0.25 } });
    expect(parseCommand(`${runAgentCommand()} --count 1.5`)).toMatchObject({ kind: "bad-args" });
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

describe("parseCommand: tandem-sim's role probe, power and lb actions", () => {
  it("reads the role with no argument, sets it with one", () => {
    expect(parseCommand("tandem-sim role")).toEqual({ kind: "sim", env: {}, action: "role", role: null });
    expect(parseCommand("tandem-sim role standby")).toMatchObject({ action: "role", role: "standby" });
    expect(parseCommand("tandem-sim role leader")).toMatchObject({ kind: "bad-args" });
  });

  it("parses power and lb actions, with the variables of the env form", () => {
    expect(parseCommand("env TANDEM_PLUG='db-a' TANDEM_ACTION=off sh -c 'tandem-sim power off'")).toEqual({
      kind: "sim",
      env: { TANDEM_PLUG: "db-a", TANDEM_ACTION: "off" },
      action: "power",
      power: "off",
    });
    for (const p of ["on", "status"] as const) expect(parseCommand(`tandem-sim power ${p}`)).toMatchObject({ action: "power", power: p });
    for (const a of ["enable", "disable", "drain", "state"] as const) {
      expect(parseCommand(`env TANDEM_BACKEND=web TANDEM_BACKEND_SERVER=web-1 sh -c 'tandem-sim lb ${a}'`)).toEqual({
        kind: "sim",
        env: { TANDEM_BACKEND: "web", TANDEM_BACKEND_SERVER: "web-1" },
        action: "lb",
        lb: a,
      });
    }
    expect(parseCommand("tandem-sim power reset")).toMatchObject({ kind: "bad-args", message: expect.stringMatching(/usage/) });
    expect(parseCommand("tandem-sim lb")).toMatchObject({ kind: "bad-args" });
    expect(parseCommand("tandem-sim lb state now")).toMatchObject({ kind: "bad-args" });
  });
});

describe("sh -s: the agent or a script of exports and a command", () => {
  const none = { services: [], lagCmd: null, intervalSec: null, count: null };
  // Written as Tandem's remoteScript writes it.
  const script = (command: string, env: Record<string, string>) =>
    `${Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}\n`).join("")}${command}\n`;

  it("runs the agent when the agent is on stdin (this version, or another)", () => {
    expect(classifyStdin(agentScript().source, none)).toEqual({ kind: "piped", agent: none });
    const other = Buffer.from("#!/bin/sh\n# tandem-agent: an older one\nexit 0\n");
    expect(classifyStdin(other, none)).toEqual({ kind: "piped", agent: none });
  });

  it("parses exports with quotes, newlines and empty values, and gives them to the command", () => {
    const env = { TANDEM_PLUG: "db-a", IPMI_PASSWORD: "it's a \"secret\"\nwith $(two) lines", EMPTY: "", TANDEM_DRY_RUN: "0" };
    expect(parseScript(script("tandem-sim power off", env))).toEqual({ kind: "sim", env, action: "power", power: "off" });
    expect(classifyStdin(Buffer.from(script("tandem-sim lb state", { TANDEM_BACKEND: "b", TANDEM_BACKEND_SERVER: "s" })), none)).toMatchObject({
      kind: "sim",
      action: "lb",
      lb: "state",
      env: { TANDEM_BACKEND: "b", TANDEM_BACKEND_SERVER: "s" },
    });
    expect(parseScript("tandem-sim role")).toEqual({ kind: "sim", env: {}, action: "role", role: null });
    expect(parseScript(script("tandem-sim check", { TANDEM_DRY_RUN: "1" }))).toMatchObject({ action: "check", dryRun: true });
    // The command may itself be the env form; its own variables win.
    expect(parseScript(script("env TANDEM_PLUG=b sh -c 'tandem-sim power status'", { TANDEM_PLUG: "a", X: "1" }))).toMatchObject({
      env: { TANDEM_PLUG: "b", X: "1" },
      power: "status",
    });
  });

  it("refuses anything else: unknown programs exit 127, broken scripts 2", () => {
    expect(parseScript(script("virsh destroy db-a", { TANDEM_PLUG: "db-a" }))).toEqual({ kind: "unknown", program: "virsh" });
    expect(parseScript("echo hi\ntandem-sim check\n")).toMatchObject({ kind: "unknown", program: "echo" });
    expect(parseScript(script("tandem-sim power off\ntandem-sim power on", { TANDEM_PLUG: "a" }))).toMatchObject({ kind: "bad-args", message: expect.stringMatching(/one command line/) });
    expect(parseScript("export A='x'\n\ntandem-sim check\n\n")).toMatchObject({ kind: "sim", action: "check", env: { A: "x" } });
    expect(parseScript("export A='unterminated\ntandem-sim check\n")).toMatchObject({ kind: "bad-args" });
    expect(parseScript("export A=$(id)\ntandem-sim check\n")).toMatchObject({ kind: "bad-args", message: expect.stringMatching(/single-quoted/) });
    expect(parseScript("export lower='x'\ntandem-sim check\n")).toMatchObject({ kind: "unknown", program: "export" });
    expect(parseScript("export A='x'\n")).toMatchObject({ kind: "bad-args", message: expect.stringMatching(/no command/) });
    expect(parseScript("")).toMatchObject({ kind: "bad-args" });
    expect(classifyStdin(Buffer.from("tandem-sim check; reboot\n"), none)).toMatchObject({ kind: "unknown" });
  });
});

describe("sh -s: a rollout's patch and reboot scripts", () => {
  const none = { services: [], lagCmd: null, intervalSec: null, count: null };
  const env = { TANDEM_ROLLOUT: "op-1", TANDEM_SERVER: "web-fra1-1" };
  // Exactly as run-rollout-host.ts sends them: runHook(..., { secretEnv: {} }) -> remoteScript.
  const sent = (script: string) => Buffer.from(remoteScript(script, env, {}));

  it.each(defaultPatchScripts().map((d) => [`${d.family} ${d.selection}`, d] as const))("recognises the default %s patch script", (_, d) => {
    expect(classifyStdin(sent(d.script), none)).toEqual({ kind: "sim", env, action: "patch", family: d.family, selection: d.selection });
  });

  it("recognises the reboot script", () => {
    expect(classifyStdin(sent(REBOOT_SCRIPT), none)).toEqual({ kind: "sim", env, action: "reboot" });
    expect(classifyStdin(Buffer.from(REBOOT_SCRIPT), none)).toMatchObject({ action: "reboot" });
  });

  it("recognises tandem-sim patch and reboot as custom commands", () => {
    expect(classifyStdin(sent("tandem-sim patch"), none)).toEqual({ kind: "sim", env, action: "patch", family: null, selection: "all" });
    expect(parseCommand("tandem-sim patch --security")).toMatchObject({ action: "patch", family: null, selection: "security" });
    expect(parseCommand("tandem-sim reboot")).toMatchObject({ action: "reboot" });
    expect(parseCommand("tandem-sim patch --everything")).toMatchObject({ kind: "bad-args" });
    expect(parseCommand("tandem-sim reboot now")).toMatchObject({ kind: "bad-args" });
  });

  it("does not take an altered script for a patch", () => {
    const altered = patchScript("apt", "all").replace("dist-upgrade", "upgrade");
    expect(classifyStdin(sent(altered), none)).not.toMatchObject({ action: "patch" });
    expect(classifyStdin(sent(`${patchScript("dnf", "all")}reboot\n`), none)).not.toMatchObject({ action: "patch" });
  });
});
