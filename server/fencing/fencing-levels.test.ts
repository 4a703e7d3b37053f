import { describe, expect, it } from "vitest";
import { fencingBudgetMs, planFencing, type FenceDeviceOption, type FencingInputs } from "./fencing-levels";

const uuid = (n: number) => `0190a3c4-0000-7000-8000-0000000000${String(n).padStart(2, "0")}`;
const device = (n: number, o: Partial<FenceDeviceOption> = {}): FenceDeviceOption => ({
  id: uuid(n),
  name: `hv-${n}`,
  fencingServerId: uuid(50 + n),
  fencingServerName: `hv-${n}`,
  plug: "db-a",
  actionCommand: "virsh destroy \"$TANDEM_PLUG\"",
  statusCommand: "virsh domstate \"$TANDEM_PLUG\"",
  offPattern: "shut off",
  timeoutSeconds: 30,
  ...o,
});
const lb = { kind: "HAPROXY" as const, address: "127.0.0.1:9999", backend: "pg", backendServer: "db-a" };
const inputs = (o: Partial<FencingInputs> = {}): FencingInputs => ({
  levels: [],
  target: { serverId: uuid(1), name: "db-a", health: "DOWN" },
  hook: { command: "systemctl stop postgresql", env: { TANDEM_SERVER: "db-a" } },
  devices: [device(1)],
  lb,
  ...o,
});

describe("planFencing", () => {
  it("by default tries the soft hook, then every device that covers the target, then the balancer", () => {
    const levels = planFencing(inputs({ target: { serverId: uuid(1), name: "db-a", health: "UP" }, devices: [device(1), device(2)] }));
    expect(levels.map((l) => ("skipped" in l ? `${l.kind}:skipped` : l.kind === "device" ? l.deviceName : l.kind))).toEqual(["hook", "hv-1", "hv-2", "lb"]);
  });

  it("skips the hook on a host that does not answer: a dead host cannot fence itself", () => {
    for (const health of ["DOWN", "UNREACHABLE", "UNKNOWN"]) {
      const [hook] = planFencing(inputs({ target: { serverId: uuid(1), name: "db-a", health } }));
      expect(hook).toEqual({ kind: "hook", skipped: `db-a does not answer (${health}): a hook cannot run on it` });
    }
  });

  it("follows the group's own order and names the device a level asks for", () => {
    const levels = planFencing(inputs({ levels: [{ kind: "lb" }, { kind: "device", deviceId: uuid(2) }], devices: [device(1), device(2)] }));
    expect(levels).toMatchObject([{ kind: "lb", target: lb }, { kind: "device", deviceName: "hv-2" }]);
  });

  it("records why a level cannot be tried: no hook, no device, a device that runs on the target itself, no balancer", () => {
    const levels = planFencing(inputs({ hook: null, devices: [device(1, { fencingServerId: uuid(1) })], lb: null }));
    expect(levels).toEqual([
      { kind: "hook", skipped: "the group has no fence hook" },
      { kind: "device", skipped: "hv-1 runs on db-a itself" },
      { kind: "lb", skipped: "the group has no load balancer entry for it" },
    ]);
    expect(planFencing(inputs({ levels: [{ kind: "device", deviceId: uuid(9) }] }))).toEqual([{ kind: "device", skipped: "the fence device of this level cannot fence db-a" }]);
  });

  it("gives the fence step time for every attempt", () => {
    const levels = planFencing(inputs({ target: { serverId: uuid(1), name: "db-a", health: "UP" } }));
    expect(fencingBudgetMs(levels, 30_000, 15_000)).toBe(5_000 + 30_000 + 40_000 + 15_000);
  });
});
