import { z } from "zod";
import { defineEndpoint } from "../http/endpoint";
import { buildOpenApi } from "./openapi";

let cached: Record<string, unknown> | undefined;

export const openApiEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/openapi.json",
  summary: "This API's OpenAPI 3.1 document",
  tag: "meta",
  access: "VIEWER",
  response: z.record(z.string(), z.unknown()),
  async handler({ rt }) {
    // Imported lazily: the registry imports this module.
    const { endpoints } = await import("./registry");
    cached ??= buildOpenApi(endpoints, rt.version);
    return cached;
  },
});
