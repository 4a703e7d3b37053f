import { describe, expect, it } from "vitest";
import { addMember, emptyGroupValues, toGroupRequest, type TGroupFormValues } from "./group-form-model";
import { emptyRestoreValues, type TRestoreFormValues } from "./restore-form-model";

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";
const HV = "33333333-3333-4333-8333-333333333333";

function withRestore(r: Partial<TRestoreFormValues>): TGroupFormValues {
  const v = [A, B].reduce((acc, id, i) => addMember(acc, { id, name: `db${i + 1}` }), { ...emptyGroupValues(), name: "orders-db" });
  return { ...v, restore: { ...emptyRestoreValues(), ...r } };
}

describe("the restore fields as typed", () => {
  it.each<[string, Partial<TRestoreFormValues>, unknown]>([
    ["left empty: no restore", {}, { afterMinutes: null }],
    ["a provision hook, default timeout", { provisionServerId: HV, provisionCommand: "clone-vm" }, { provision: { serverId: HV, command: "clone-vm", timeoutSeconds: 300 }, afterMinutes: null }],
    [
      "both hooks, automatic after 20 min",
      { provisionServerId: HV, provisionCommand: "clone-vm", provisionTimeout: "600", joinCommand: "pg_basebackup …", joinTimeout: "1800", afterMinutes: "20" },
      { provision: { serverId: HV, command: "clone-vm", timeoutSeconds: 600 }, join: { command: "pg_basebackup …", timeoutSeconds: 1800 }, afterMinutes: 20 },
    ],
    ["a join hook alone", { joinCommand: "make-standby" }, { join: { command: "make-standby", timeoutSeconds: 300 }, afterMinutes: null }],
  ])("maps %s", (_what, r, want) => {
    const { body, problems } = toGroupRequest(withRestore(r));
    expect(problems).toEqual({});
    expect(body.restore).toEqual(want);
  });

  it.each<[string, Partial<TRestoreFormValues>, Record<string, RegExp>]>([
    ["a server without a command", { provisionServerId: HV }, { "restore.provision.command": /is required with a provision server/ }],
    ["a command without a server", { provisionCommand: "clone-vm" }, { "restore.provision.serverId": /is required with a provision command/ }],
    ["automatic without a provision hook", { afterMinutes: "10" }, { "restore.afterMinutes": /must not be set without a provision hook/ }],
    ["a timeout that is no number", { joinCommand: "x", joinTimeout: "soon" }, { "restore.join.timeoutSeconds": /must be a number/ }],
    ["a timeout too short", { provisionServerId: HV, provisionCommand: "clone-vm", provisionTimeout: "5" }, { "restore.provision.timeoutSeconds": /must be 10-3600/ }],
  ])("reports %s at the server's path", (_what, r, want) => {
    const { problems } = toGroupRequest(withRestore(r));
    expect(Object.keys(problems)).toEqual(Object.keys(want));
    for (const [path, re] of Object.entries(want)) expect(problems[path]).toMatch(re);
  });
});
