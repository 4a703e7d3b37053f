import { z } from "zod";
import { ZPassword } from "../users/users.types";

export const ZChangePasswordRequest = z.strictObject({ currentPassword: z.string().min(1, "is required").max(256), newPassword: ZPassword });
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;
