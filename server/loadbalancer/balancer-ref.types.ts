// The schemas of a balancer reference as operation steps carry it (see
// balancer-ref.ts): plain zod, so the group form in the browser can import the
// group types without pulling SSH into its bundle.
import { z } from "zod";
import { ZCommandLbCommands } from "./command-lb";

const ZHaproxyRef = z.object({ kind: z.literal("HAPROXY"), address: z.string().min(1), backend: z.string().min(1) });
const ZCommandRef = z.object({ kind: z.literal("COMMAND"), name: z.string().min(1), serverId: z.uuid(), backend: z.string().min(1), commands: ZCommandLbCommands });

/** Steps recorded before COMMAND balancers existed carry no kind: they are HAProxy. */
const withKind = (v: unknown) => (v && typeof v === "object" && !("kind" in v) ? { ...v, kind: "HAPROXY" } : v);

export const ZBalancerRef = z.preprocess(withKind, z.discriminatedUnion("kind", [ZHaproxyRef, ZCommandRef]));
export type TBalancerRef = z.infer<typeof ZBalancerRef>;

/** A reference plus the member it acts on: the params of lb-enable/-drain/-disable steps. */
export const ZLbTarget = z.preprocess(
  withKind,
  z.discriminatedUnion("kind", [ZHaproxyRef.extend({ backendServer: z.string().min(1) }), ZCommandRef.extend({ backendServer: z.string().min(1) })]),
);
export type TLbTarget = z.infer<typeof ZLbTarget>;

/** "HAProxy 127.0.0.1:9999 backend web" / "balancer lb-fra1 backend web-fra1", for step descriptions. */
export function describeBalancer(ref: TBalancerRef): string {
  return ref.kind === "HAPROXY" ? `HAProxy ${ref.address}` : `balancer ${ref.name}`;
}
