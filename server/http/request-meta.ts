// Facts about an incoming Request that Next.js does not carry itself. The
// custom server (server/index.ts) stamps the socket's address and protocol into
// internal headers after removing any a client sent.
import { randomUUID } from "node:crypto";
import type { RequestMeta } from "../auth/principal";

export const REMOTE_ADDR_HEADER = "x-tandem-remote-addr";
export const PROTO_HEADER = "x-tandem-proto";

export function clientIp(headers: Headers, trustProxy: boolean): string | null {
  if (trustProxy) {
    const fwd = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (fwd) return fwd;
  }
  return headers.get(REMOTE_ADDR_HEADER);
}

export function requestProto(headers: Headers, trustProxy: boolean): "http" | "https" {
  if (trustProxy && headers.get("x-forwarded-proto") === "https") return "https";
  return headers.get(PROTO_HEADER) === "https" ? "https" : "http";
}

export function requestMeta(headers: Headers, trustProxy: boolean): RequestMeta {
  const given = headers.get("x-request-id");
  return {
    ip: clientIp(headers, trustProxy),
    userAgent: headers.get("user-agent")?.slice(0, 400) ?? null,
    requestId: given && /^[\w.-]{8,100}$/.test(given) ? given : randomUUID(),
  };
}
