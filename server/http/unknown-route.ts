import { AppError } from "../errors/app-error";
import { problemFromError, problemResponse } from "./problem";

export async function unknownApiRoute(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  return problemResponse(problemFromError(new AppError("NOT_FOUND", `No API route ${req.method} ${path}; see /api/v1/openapi.json`), undefined, undefined));
}
