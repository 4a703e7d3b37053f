// The one wrapper every API route goes through: authentication, role check,
// CSRF check, zod parsing of params/query/body, a request id, and errors
// mapped once to problem+json. Endpoints are plain objects, so the OpenAPI
// document and the route-walking test read the same definitions.
import { z } from "zod";
import { getRuntime, type Runtime } from "../runtime";
import { AppError } from "../errors/app-error";
import { validationError } from "../errors/zod-issues";
import { actorOf, type Actor, type Principal, type RequestMeta } from "../auth/principal";
import { hasRole, type TRole } from "../auth/roles";
import { authenticate } from "./authenticate";
import { checkSameOrigin } from "./csrf";
import { serializeCookie, type CookieOptions } from "./cookies";
import { DATABASE_RETRY_AFTER_S, problemFromError, problemResponse } from "./problem";
import { requestMeta, requestProto } from "./request-meta";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Access = "public" | TRole;

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export type EndpointContext<A extends Access, B, Q, P> = {
  body: B;
  query: Q;
  params: P;
  principal: A extends "public" ? Principal | null : Principal;
  /** The principal as an audit actor (null principal: an anonymous actor labelled by the caller). */
  actor: A extends "public" ? Actor | null : Actor;
  meta: RequestMeta;
  headers: Headers;
  /** The request URL as Next.js saw it (the single sign-on callback reads its query whole). */
  url: URL;
  rt: Runtime;
  setCookie(name: string, value: string, opts?: Partial<CookieOptions>): void;
  clearCookie(name: string): void;
};

export type EndpointDef<A extends Access = Access, BS extends Schema | undefined = Schema | undefined, QS extends Schema | undefined = Schema | undefined, PS extends Schema | undefined = Schema | undefined, RS extends Schema = Schema> = {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. /api/v1/users/{id}. */
  path: string;
  summary: string;
  tag: string;
  access: A;
  body?: BS;
  query?: QS;
  params?: PS;
  response: RS;
  /** 200 unless set; 204 sends no body. */
  status?: number;
  /** A text body of this type (the handler returns a string) instead of JSON, e.g. Prometheus' text format. */
  contentType?: string;
  handler(ctx: EndpointContext<A, Infer<BS>, Infer<QS>, Infer<PS>>): Promise<z.input<RS> | Response>;
};

export type AnyEndpoint = EndpointDef<Access, Schema | undefined, Schema | undefined, Schema | undefined, Schema>;

export function defineEndpoint<A extends Access, BS extends Schema | undefined = undefined, QS extends Schema | undefined = undefined, PS extends Schema | undefined = undefined, RS extends Schema = Schema>(
  def: EndpointDef<A, BS, QS, PS, RS>,
): EndpointDef<A, BS, QS, PS, RS> {
  return def;
}

export const ZNoContent = z.null().describe("No content");

type RouteContext = { params?: Promise<Record<string, string | string[] | undefined>> | Record<string, string | string[] | undefined> };

function parse<S extends Schema | undefined>(schema: S, value: unknown, where: "body" | "query" | "params"): Infer<S> {
  if (!schema) return undefined as Infer<S>;
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error, where);
  return r.data as Infer<S>;
}

async function readJsonBody(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Request body must be JSON (Content-Type: application/json)");
  }
  const text = await req.text();
  if (text.length > 1_000_000) throw new AppError("VALIDATION", "Request body is too large (1 MB at most)", { fields: [{ path: "body", message: "too large" }] });
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION", "Request body is not valid JSON", { fields: [{ path: "body", message: "is not valid JSON" }] });
  }
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** Turns an endpoint into a Next.js route handler (a plain `(Request, ctx) => Response`). */
export function handle(endpoint: AnyEndpoint) {
  return async function routeHandler(req: Request, routeCtx?: RouteContext): Promise<Response> {
    let rt: Runtime | undefined;
    let meta: RequestMeta | undefined;
    try {
      rt = getRuntime();
      meta = requestMeta(req.headers, rt.config.trustProxy);
      const { principal, via } = await authenticate(req.headers, rt);
      if (endpoint.access !== "public") {
        if (!principal) throw new AppError("UNAUTHENTICATED", "Sign in or send an API token");
        if (!hasRole(principal.role, endpoint.access)) {
          throw new AppError("FORBIDDEN", `This needs the ${endpoint.access} role; you are ${principal.role}`);
        }
      }
      if (endpoint.method !== "GET" && via !== "bearer") {
        checkSameOrigin(req.headers, { publicUrl: rt.config.publicUrl, trustProxy: rt.config.trustProxy, allowUnmarked: via === "none" });
      }
      const rawParams = routeCtx?.params ? await routeCtx.params : {};
      const params = parse(endpoint.params, rawParams, "params");
      const url = new URL(req.url);
      const query = parse(endpoint.query, queryObject(url), "query");
      const body = endpoint.body ? parse(endpoint.body, await readJsonBody(req), "body") : undefined;

      const cookies: string[] = [];
      const secure =
        rt.config.cookieSecure === "always" || (rt.config.cookieSecure === "auto" && requestProto(req.headers, rt.config.trustProxy) === "https");
      const ctx: EndpointContext<Access, unknown, unknown, unknown> = {
        body,
        query,
        params,
        principal: principal as Principal,
        actor: (principal ? actorOf(principal, meta) : null) as Actor,
        meta,
        headers: req.headers,
        url,
        rt,
        setCookie: (name, value, opts) => cookies.push(serializeCookie(name, value, { secure, ...opts })),
        clearCookie: (name) => cookies.push(serializeCookie(name, "", { secure, maxAgeSeconds: 0 })),
      };
      const result = await endpoint.handler(ctx as never);
      const res =
        result instanceof Response
          ? result
          : endpoint.status === 204
            ? new Response(null, { status: 204 })
            : endpoint.contentType
              ? new Response(String(result), { status: endpoint.status ?? 200, headers: { "content-type": endpoint.contentType } })
              : Response.json(result, { status: endpoint.status ?? 200 });
      for (const c of cookies) res.headers.append("set-cookie", c);
      res.headers.set("x-request-id", meta.requestId);
      if (!res.headers.has("cache-control")) res.headers.set("cache-control", "no-store");
      return res;
    } catch (err) {
      const p = problemFromError(err, meta?.requestId, rt?.log);
      const e = err as AppError;
      return problemResponse(p, {
        ...(meta ? { "x-request-id": meta.requestId } : {}),
        ...(e?.retryAfter ? { "retry-after": String(e.retryAfter) } : p.status === 503 ? { "retry-after": String(DATABASE_RETRY_AFTER_S) } : {}),
        ...(p.status === 401 ? { "www-authenticate": 'Bearer realm="tandem"' } : {}),
      });
    }
  };
}
