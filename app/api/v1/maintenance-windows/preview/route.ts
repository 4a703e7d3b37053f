import { handle } from "@/server/http/endpoint";
import { previewWindowEndpoint } from "@/server/maintenance/maintenance.endpoints";

export const POST = handle(previewWindowEndpoint);
