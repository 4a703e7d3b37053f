import { z } from "zod";
import { ZRole } from "./roles";

export const ZLoginRequest = z.strictObject({
  email: z.string().trim().min(1, "is required").max(254),
  password: z.string().min(1, "is required").max(256),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZMe = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  via: z.enum(["session", "token"]),
});
export type TMe = z.infer<typeof ZMe>;

export const ZLoginResponse = z.object({ user: ZMe, expiresAt: z.iso.datetime() });
