import { handle } from "@/server/http/endpoint";
import { startRestoreEndpoint } from "@/server/restore/restore.endpoints";

export const POST = handle(startRestoreEndpoint);
