// The simulated fleet's fault control: admin only, and present only while the simulator runs.
import { z } from "zod";
import { defineEndpoint } from "../http/endpoint";
import { AppError } from "../errors/app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Runtime } from "../runtime";
import { FAULT_KINDS, ZClearFaultRequest, ZInjectFaultRequest, ZPowerSimHostRequest, ZSimulatorState } from "./simulator.types";

function simulatorOf(rt: Runtime) {
  const sim = rt.services.simulator;
  if (!sim) throw new AppError("NOT_FOUND", "No simulator is running: it starts with the demo fleet (embedded default, or TANDEM_DEMO=1)");
  return sim;
}

function hostOf(rt: Runtime, name: string) {
  const sim = simulatorOf(rt);
  if (!sim.hosts.some((h) => h.name === name)) throw new AppError("NOT_FOUND", `No simulated host ${name}`, { fields: [{ path: "body.host", message: "is not a simulated host" }] });
  return sim;
}

const ZOk = z.object({ ok: z.literal(true) });

/**
 * A host whose faults were cleared, or that was powered on, answers again now:
 * Tandem tries it at once rather than after its reconnect backoff (up to a
 * minute after a long outage), as an operator watching the Fleet page expects.
 */
async function expectBack(rt: Runtime, host: string): Promise<void> {
  const server = await rt.db.server.findFirst({ where: { name: host }, select: { id: true } });
  if (server) rt.services.monitoring?.reconnectSoon(server.id);
}

export const simulatorStateEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/simulator",
  summary: "Simulated hosts, their active faults, and the faults that can be injected",
  tag: "simulator",
  access: "ADMIN",
  response: ZSimulatorState,
  async handler({ rt }) {
    const sim = simulatorOf(rt);
    const servers = await rt.db.server.findMany({ where: { name: { in: sim.hosts.map((h) => h.name) } }, select: { id: true, name: true } });
    const ids = new Map(servers.map((s) => [s.name, s.id]));
    return {
      hosts: sim.hosts.map((h) => ({
        name: h.name,
        address: h.address,
        port: h.port,
        serverId: ids.get(h.name) ?? null,
        role: h.role,
        site: h.site,
        faults: sim.faults(h.name),
        power: h.power,
        poweredOffBy: h.poweredOffBy,
        fenced: h.fenced ?? false,
        backends: h.role === "lb" ? sim.lbBackends(h.name) : null,
        packages: h.packages,
      })),
      faultKinds: FAULT_KINDS,
    };
  },
});

export const injectFaultEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/simulator/faults",
  summary: "Inject a fault into a simulated host",
  tag: "simulator",
  access: "ADMIN",
  body: ZInjectFaultRequest,
  response: ZOk,
  async handler({ body, actor, rt }) {
    const sim = hostOf(rt, body.host);
    await sim.inject(body.host, body.fault, body.params);
    await rt.db.$transaction((tx) => recordAuditEvent(tx, actor, { action: "simulator.inject", targetType: "sim_host", targetId: body.host, details: { fault: body.fault, params: body.params ?? {} } }));
    return { ok: true as const };
  },
});

export const clearFaultEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/simulator/clear",
  summary: "Clear one fault (or all) of a simulated host",
  tag: "simulator",
  access: "ADMIN",
  body: ZClearFaultRequest,
  response: ZOk,
  async handler({ body, actor, rt }) {
    const sim = hostOf(rt, body.host);
    await sim.clear(body.host, body.fault);
    await expectBack(rt, body.host);
    await rt.db.$transaction((tx) => recordAuditEvent(tx, actor, { action: "simulator.clear", targetType: "sim_host", targetId: body.host, details: { fault: body.fault ?? "all" } }));
    return { ok: true as const };
  },
});

export const powerSimHostEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/simulator/power",
  summary: "Power a simulated host off (as its hypervisor would) or on (a boot: it clears down, hang, cutoff, service-stopped and fenced)",
  tag: "simulator",
  // Like injecting a fault: the Simulator is an admin's tool.
  access: "ADMIN",
  body: ZPowerSimHostRequest,
  response: ZOk,
  async handler({ body, actor, rt }) {
    const sim = hostOf(rt, body.host);
    const before = sim.host(body.host);
    await sim.power(body.host, body.power, { by: actor.label });
    if (body.power === "on") await expectBack(rt, body.host);
    await rt.db.$transaction((tx) =>
      recordAuditEvent(tx, actor, { action: "simulator.power", targetType: "sim_host", targetId: body.host, details: { power: body.power, was: before.power, poweredOffBy: before.poweredOffBy } }),
    );
    return { ok: true as const };
  },
});
