import { z } from "zod";

/**
 * Backend and server names as Tandem accepts them. Narrower than what HAProxy
 * allows on purpose: no spaces, slashes or semicolons, so a name can never
 * split a runtime API command (HAProxy runs `a; b` as two commands).
 */
export const ZHaproxyName = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, "expected 1-64 of A-Z a-z 0-9 . _ : -");

/** The runtime API: "host:port" (TCP, "[::1]:port" for IPv6) or an absolute UNIX socket path. */
export const ZHaproxyAddress = z.union([
  z.string().regex(/^\/[^\0\n]{1,200}$/, "expected an absolute socket path"),
  z
    .string()
    .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253}):\d{1,5}$/, "expected host:port")
    .refine((s) => {
      const port = Number(s.slice(s.lastIndexOf(":") + 1));
      return port >= 1 && port <= 65535;
    }, "port out of range"),
]);

/** The admin states `set server <be>/<srv> state` accepts. */
export const ZServerAdminState = z.enum(["ready", "drain", "maint"]);
export type TServerAdminState = z.infer<typeof ZServerAdminState>;

/** srv_op_state: what health checks say, independent of the admin state. */
export const ZServerOperationalState = z.enum(["stopped", "starting", "running", "stopping"]);
export type TServerOperationalState = z.infer<typeof ZServerOperationalState>;

/** srv_admin_state decoded (HAProxy's enum srv_admin in include/haproxy/server-t.h). */
export const ZServerAdminFlags = z.object({
  /** Any maintenance origin that takes the server out of the pool: forced (0x01), inherited (0x02), DNS (0x20). */
  maint: z.boolean(),
  /** Forced (0x08) or inherited (0x10) drain. */
  drain: z.boolean(),
  /** 0x01: set by `set server ... state maint` (or `disable server`). */
  forcedMaint: z.boolean(),
  /**
   * 0x04: the server carries `disabled` in the config. HAProxy keeps this bit
   * after `state ready` and does not count it as maintenance any more, so it
   * must not be read as maint.
   */
  configDisabled: z.boolean(),
  raw: z.number().int().nonnegative(),
});
export type TServerAdminFlags = z.infer<typeof ZServerAdminFlags>;

/** One row of `show servers state <backend>` (format version 1). */
export const ZServerStateRow = z.object({
  backendId: z.number().int(),
  backend: z.string(),
  serverId: z.number().int(),
  server: z.string(),
  /** null when HAProxy prints "-" (no address resolved yet). */
  address: z.string().nullable(),
  port: z.number().int().nullable(),
  operationalState: ZServerOperationalState,
  admin: ZServerAdminFlags,
  /** The admin state as `set server ... state` names it: maint wins over drain. */
  adminState: ZServerAdminState,
  /** Current (user) weight; 0 also means no new traffic. */
  weight: z.number().int(),
  initialWeight: z.number().int(),
  secondsSinceLastChange: z.number().int(),
});
export type TServerStateRow = z.infer<typeof ZServerStateRow>;

/** One server row of `show stat` (the CSV), the columns Tandem uses. */
export const ZStatServerRow = z.object({
  backend: z.string(),
  server: z.string(),
  /** "UP", "DOWN", "MAINT", "DRAIN", "no check", "UP 1/3" (transitional), "MAINT (via be/s)" ... */
  status: z.string(),
  /** Sessions now and in total since start (or the last `clear counters`). */
  scur: z.number().int(),
  stot: z.number().int(),
  weight: z.number().int(),
  /** e.g. "L4OK", "L4CON", "INI"; empty when checks are off. */
  checkStatus: z.string(),
  secondsSinceLastChange: z.number().int().nullable(),
});
export type TStatServerRow = z.infer<typeof ZStatServerRow>;
