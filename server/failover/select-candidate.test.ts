import { describe, expect, it } from "vitest";
import { selectCandidate, type StandbyView } from "./select-candidate";

const s = (name: string, over: Partial<StandbyView> = {}): StandbyView => ({ serverId: name, name, priority: 100, adminState: "IN_SERVICE", hostState: "UP", inMaintenanceWindow: null, lagSec: 0.5, ...over });

describe("failover candidate", () => {
  it("picks the highest priority qualified standby, then the least lag", () => {
    const r = selectCandidate([s("b", { priority: 100, lagSec: 2 }), s("c", { priority: 150 }), s("a", { priority: 100, lagSec: 1 })], 10);
    expect(r.ok && r.candidate.name).toBe("c");
    const tie = selectCandidate([s("b", { lagSec: 2 }), s("a", { lagSec: 1 })], 10);
    expect(tie.ok && tie.candidate.name).toBe("a");
  });

  it("refuses standbys that are down, drained, in maintenance or lagging, saying why for each", () => {
    const r = selectCandidate(
      [s("down", { hostState: "DOWN" }), s("drained", { adminState: "DRAINED" }), s("window", { inMaintenanceWindow: "kernel patching" }), s("behind", { lagSec: 120 }), s("blind", { lagSec: null }), s("degraded", { hostState: "DEGRADED" })],
      30,
    );
    expect(r).toEqual({
      ok: false,
      rejected: [
        { name: "down", reasons: ["host is DOWN"] },
        { name: "drained", reasons: ["admin state is DRAINED"] },
        { name: "window", reasons: ['in maintenance window "kernel patching"'] },
        { name: "behind", reasons: ["replication lag 120s > 30s"] },
        { name: "blind", reasons: ["replication lag unknown"] },
        { name: "degraded", reasons: ["host is DEGRADED"] },
      ],
    });
  });

  it("ignores lag when the group sets no maximum", () => {
    const r = selectCandidate([s("x", { lagSec: null })], null);
    expect(r.ok).toBe(true);
  });
});
