import { describe, expect, it } from "vitest";
import { HaproxyError } from "./haproxy-errors";
import { decodeAdminFlags, parseServersState, parseStatCsv, waitForServerState, type Clock } from "./haproxy-runtime";

// Captured from HAProxy 2.6.12 (Debian 12): b carries `disabled` in the config.
const HEADER =
  "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port";
const STATE = `1\n${HEADER}\n3 be 1 a 127.0.0.1 2 8 1 1 0 8 2 0 6 0 0 0 - 19001 - 0 0 - - 0\n3 be 2 b 127.0.0.1 0 5 1 1 0 1 0 0 14 0 0 0 - 19002 - 0 0 - - 0\n\n`;

describe("parseServersState", () => {
  it("reads HAProxy 2.6 rows by header name", () => {
    const [a, b] = parseServersState(STATE);
    expect(a).toMatchObject({ backend: "be", server: "a", address: "127.0.0.1", port: 19001, operationalState: "running", adminState: "drain", weight: 1 });
    expect(b).toMatchObject({ server: "b", operationalState: "stopped", adminState: "maint", admin: { maint: true, configDisabled: true, forcedMaint: true } });
  });

  it("turns HAProxy's error text into a not-found error", () => {
    expect(() => parseServersState("Can't find backend.\n\n", "h:1")).toThrow(expect.objectContaining({ kind: "not-found", response: "Can't find backend." }));
  });

  it("rejects an unknown format version and truncated rows", () => {
    expect(() => parseServersState(`2\n${HEADER}\n`)).toThrow(expect.objectContaining({ kind: "protocol" }));
    expect(() => parseServersState(`1\n${HEADER}\n3 be 1 a\n`)).toThrow(expect.objectContaining({ kind: "protocol" }));
    expect(() => parseServersState("")).toThrow(expect.objectContaining({ kind: "protocol" }));
  });
});

describe("decodeAdminFlags", () => {
  it("does not count the config-disabled bit alone as maintenance", () => {
    // After `set server be/b state ready` on a server `disabled` in the config.
    expect(decodeAdminFlags(4)).toMatchObject({ maint: false, drain: false, configDisabled: true });
    expect(decodeAdminFlags(0x20)).toMatchObject({ maint: true }); // DNS resolution failure
    expect(decodeAdminFlags(0x10)).toMatchObject({ drain: true, maint: false }); // inherited drain
  });
});

describe("parseStatCsv", () => {
  it("keeps server rows, including quoted fields", () => {
    const csv = [
      "# pxname,svname,scur,stot,status,weight,lastchg,type,check_status,last_chk",
      "fe,FRONTEND,0,3,OPEN,,,0,,",
      'be,a,1,12,UP,1,5,2,L4OK,"a, b"',
      "be,b,0,0,MAINT,1,9,2,L4CON,",
      "be,BACKEND,1,12,UP,2,5,1,,",
      "",
    ].join("\n");
    expect(parseStatCsv(csv)).toEqual([
      { backend: "be", server: "a", status: "UP", scur: 1, stot: 12, weight: 1, checkStatus: "L4OK", secondsSinceLastChange: 5 },
      { backend: "be", server: "b", status: "MAINT", scur: 0, stot: 0, weight: 1, checkStatus: "L4CON", secondsSinceLastChange: 9 },
    ]);
  });
});

describe("waitForServerState", () => {
  it("gives up at the deadline on an injected clock, without sleeping for real", async () => {
    let t = 0;
    const clock: Clock = { now: () => t, sleep: async (ms) => void (t += ms) };
    // Nothing listens on port 1: every poll is refused, retried until the deadline.
    const e = await waitForServerState("127.0.0.1:1", "be", "a", "ready", { deadlineMs: 1000, intervalMs: 100, clock }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HaproxyError);
    expect(e).toMatchObject({ kind: "not-confirmed" });
    expect((e as Error).message).toMatch(/last seen: error: .*connection refused/);
    expect(t).toBeLessThanOrEqual(1000);
  });
});
