import type { Tx } from "../db/client";
import { AppError } from "../errors/app-error";
import { sameNameWhere } from "../inventory/name-conflict";

/** Channel names are unique regardless of case (like inventory names); the unique index backs this up under races. */
export async function assertChannelNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.notificationChannel.findFirst({ where: sameNameWhere(name, exceptId), select: { name: true } });
  if (clash) throw channelNameTaken(name, clash.name);
}

export function channelNameTaken(name: string, existing = name, cause?: unknown): AppError {
  return new AppError("CONFLICT", `A notification channel named ${existing} already exists`, {
    fields: [{ path: "body.name", message: existing === name ? "is already taken" : `is already taken (as ${existing})` }],
    cause,
  });
}
