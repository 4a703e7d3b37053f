import { defineEndpoint, ZNoContent } from "../http/endpoint";
import { AppError } from "../errors/app-error";
import { ZChangePasswordRequest } from "./account.types";
import { changeOwnPassword } from "./change-own-password";

export const changePasswordEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/account/password",
  summary: "Change your own password; your other sessions end",
  tag: "account",
  access: "VIEWER",
  body: ZChangePasswordRequest,
  response: ZNoContent,
  status: 204,
  async handler({ body, principal, actor, rt }) {
    if (principal.kind !== "session") throw new AppError("FORBIDDEN", "Passwords are changed from a signed-in browser, not with an API token");
    await changeOwnPassword(rt.db, { ...actor, userId: principal.userId }, body, principal.sessionId);
    rt.onSessionsRevoked({ userId: principal.userId }); // other browsers reconnect, and only the current session still authenticates
    return null;
  },
});
