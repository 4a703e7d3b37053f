// Sites, credentials and servers each have names unique regardless of case;
// a unique index per table is the backstop for races.
import { AppError } from "../errors/app-error";

/** A `where` for another row spelled like `name` in any case. */
export function sameNameWhere(name: string, exceptId?: string) {
  return { name: { equals: name, mode: "insensitive" as const }, ...(exceptId ? { id: { not: exceptId } } : {}) };
}

/** The conflict for a taken name; `existing` is its stored spelling, when only the case differs. */
export function nameTaken(noun: "site" | "credential" | "server" | "fence device" | "load balancer", name: string, existing = name, cause?: unknown): AppError {
  return new AppError("CONFLICT", `A ${noun} named ${existing} already exists`, {
    fields: [{ path: "body.name", message: existing === name ? "is already taken" : `is already taken (as ${existing})` }],
    cause,
  });
}
