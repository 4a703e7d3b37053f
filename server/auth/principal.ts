import type { TRole } from "./roles";

/** Who is making a request: a browser session or an API token, always tied to a user. */
export type Principal = {
  kind: "session" | "token";
  userId: string;
  email: string;
  name: string;
  role: TRole;
  sessionId?: string;
  tokenId?: string;
};

/** Where a request came from, for the audit log. */
export type RequestMeta = { ip: string | null; userAgent: string | null; requestId: string };

/** The author of a change as the audit log records it. */
export type Actor = { userId: string | null; label: string } & Partial<RequestMeta>;

export function actorOf(principal: Principal, meta: RequestMeta): Actor {
  return { userId: principal.userId, label: principal.email, ...meta };
}

export const systemActor: Actor = { userId: null, label: "system" };
