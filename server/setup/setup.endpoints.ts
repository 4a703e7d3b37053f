import { defineEndpoint } from "../http/endpoint";
import { createSession } from "../auth/sessions";
import { SESSION_COOKIE } from "../auth/tokens";
import { ZLoginResponse } from "../auth/auth.types";
import { createFirstAdmin, needsSetup } from "./create-first-admin";
import { ZSetupRequest, ZSetupStatus } from "./setup.types";

export const setupStatusEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/setup",
  summary: "Whether Tandem still needs its first admin",
  tag: "setup",
  access: "public",
  response: ZSetupStatus,
  async handler({ rt }) {
    return { needsSetup: await needsSetup(rt.db) };
  },
});

export const setupEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/setup",
  summary: "Create the first admin (only while no user exists) and sign in as them",
  tag: "setup",
  access: "public",
  body: ZSetupRequest,
  response: ZLoginResponse,
  status: 201,
  async handler({ body, meta, rt, setCookie }) {
    const user = await createFirstAdmin(rt.db, { userId: null, label: body.email, ...meta }, body);
    const s = await createSession(rt.db, user.id, meta, rt.config.session);
    setCookie(SESSION_COOKIE, s.token, { maxAgeSeconds: rt.config.session.maxAgeMs / 1000 });
    return { user: { id: user.id, email: user.email, name: user.name, role: user.role, via: "session" as const }, expiresAt: s.expiresAt.toISOString() };
  },
});
