import type { z } from "zod";
import { AppError, type FieldError } from "./app-error";

/** Turns zod issues into field errors with dotted paths prefixed by where the input came from. */
export function fieldErrors(error: z.ZodError, location: "body" | "query" | "params" | "payload"): FieldError[] {
  return error.issues.map((issue) => ({
    path: [location, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
}

export function validationError(error: z.ZodError, location: "body" | "query" | "params" | "payload"): AppError {
  const fields = fieldErrors(error, location);
  const first = fields[0];
  return new AppError("VALIDATION", first ? `Invalid ${first.path}: ${first.message}` : "Invalid input", { fields });
}
