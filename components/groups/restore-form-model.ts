// The group form's restore fields and their mapping to and from the API's
// `restore` setting, pure so they can be tested without a browser. Problem
// paths are the server's, without "body.".
import type { TGroup } from "./types";

export type TRestoreFormValues = {
  provisionServerId: string;
  provisionCommand: string;
  provisionTimeout: string;
  joinCommand: string;
  joinTimeout: string;
  /** Empty: restore only on request. */
  afterMinutes: string;
};
type TRestoreBody = { provision?: { serverId: string; command: string; timeoutSeconds: number }; join?: { command: string; timeoutSeconds: number }; afterMinutes: number | null };

const DEFAULT_TIMEOUT = "300";

export function emptyRestoreValues(): TRestoreFormValues {
  return { provisionServerId: "", provisionCommand: "", provisionTimeout: DEFAULT_TIMEOUT, joinCommand: "", joinTimeout: DEFAULT_TIMEOUT, afterMinutes: "" };
}

export function restoreValuesFromGroup(r: TGroup["restore"]): TRestoreFormValues {
  return {
    provisionServerId: r.provision?.serverId ?? "",
    provisionCommand: r.provision?.command ?? "",
    provisionTimeout: String(r.provision?.timeoutSeconds ?? DEFAULT_TIMEOUT),
    joinCommand: r.join?.command ?? "",
    joinTimeout: String(r.join?.timeoutSeconds ?? DEFAULT_TIMEOUT),
    afterMinutes: r.afterMinutes === null ? "" : String(r.afterMinutes),
  };
}

/** A number as typed; NaN (with a problem) when it is not one. */
function number(text: string, path: string, problems: Record<string, string>): number {
  const n = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(n)) problems[path] ??= text.trim() === "" ? "is required" : "must be a number";
  return n;
}

/** The `restore` body: a provision hook when a server or command is given (then both are needed), a join hook when a command is. */
export function toRestoreBody(v: TRestoreFormValues, problems: Record<string, string>): TRestoreBody {
  const body: TRestoreBody = { afterMinutes: v.afterMinutes.trim() === "" ? null : number(v.afterMinutes, "restore.afterMinutes", problems) };
  if (v.provisionServerId || v.provisionCommand.trim()) {
    if (!v.provisionServerId) problems["restore.provision.serverId"] ??= "is required with a provision command";
    if (!v.provisionCommand.trim()) problems["restore.provision.command"] ??= "is required with a provision server";
    body.provision = { serverId: v.provisionServerId, command: v.provisionCommand, timeoutSeconds: number(v.provisionTimeout, "restore.provision.timeoutSeconds", problems) };
  }
  if (v.joinCommand.trim()) body.join = { command: v.joinCommand, timeoutSeconds: number(v.joinTimeout, "restore.join.timeoutSeconds", problems) };
  return body;
}
