import type { z } from "zod";
import { AppError, type FieldError } from "./app-error";

type Location = "body" | "query" | "params" | "payload";

const UNKNOWN_FIELD = "is not a known field";

const dotted = (location: Location, path: readonly PropertyKey[]) => [location, ...path.map(String)].join(".");

/**
 * Turns zod issues into field errors with dotted paths prefixed by where the input came from.
 * An unknown key (strict objects) becomes one error per key at the key's own path, so a
 * misspelt `ticket` is reported as `body.ticket`, not as its parent object.
 */
export function fieldErrors(error: z.ZodError, location: Location): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: dotted(location, [...issue.path, key]), message: UNKNOWN_FIELD }))
      : [{ path: dotted(location, issue.path), message: issue.message }],
  );
}

export function validationError(error: z.ZodError, location: Location): AppError {
  const fields = fieldErrors(error, location);
  const unknown = error.issues.flatMap((i) => (i.code === "unrecognized_keys" ? i.keys.map((key) => dotted(location, [...i.path, key])) : []));
  const other = error.issues.find((i) => i.code !== "unrecognized_keys");
  // The detail names every unknown field: a client that sent one believes it was recorded.
  const parts = [
    ...(other ? [`Invalid ${dotted(location, other.path)}: ${other.message}`] : []),
    ...(unknown.length === 1 ? [`${unknown[0]} ${UNKNOWN_FIELD}`] : unknown.length > 1 ? [`${unknown.join(", ")} are not known fields`] : []),
  ];
  return new AppError("VALIDATION", parts.length ? parts.join("; ") : "Invalid input", { fields });
}
