import { handle } from "@/server/http/endpoint";
import { deleteFenceDeviceEndpoint, getFenceDeviceEndpoint, updateFenceDeviceEndpoint } from "@/server/inventory/fence-devices/fence-devices.endpoints";

export const GET = handle(getFenceDeviceEndpoint);
export const PATCH = handle(updateFenceDeviceEndpoint);
export const DELETE = handle(deleteFenceDeviceEndpoint);
