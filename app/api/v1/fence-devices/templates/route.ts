import { handle } from "@/server/http/endpoint";
import { fenceTemplatesEndpoint } from "@/server/inventory/fence-devices/fence-devices.endpoints";

export const GET = handle(fenceTemplatesEndpoint);
