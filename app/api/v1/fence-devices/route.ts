import { handle } from "@/server/http/endpoint";
import { createFenceDeviceEndpoint, listFenceDevicesEndpoint } from "@/server/inventory/fence-devices/fence-devices.endpoints";

export const GET = handle(listFenceDevicesEndpoint);
export const POST = handle(createFenceDeviceEndpoint);
