import { z } from "zod";
import { ZDisplayName, ZEmail, ZPassword } from "../users/users.types";

export const ZSetupStatus = z.object({ needsSetup: z.boolean() });
export const ZSetupRequest = z.strictObject({ email: ZEmail, name: ZDisplayName, password: ZPassword });
export type TSetupRequest = z.infer<typeof ZSetupRequest>;
