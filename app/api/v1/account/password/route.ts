import { handle } from "@/server/http/endpoint";
import { changePasswordEndpoint } from "@/server/account/account.endpoints";

export const POST = handle(changePasswordEndpoint);
