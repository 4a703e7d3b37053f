import { defineEndpoint, ZNoContent } from "../../http/endpoint";
import { FENCE_TEMPLATES } from "../../fencing/fence-templates";
import { getFenceDevice, listFenceDevices } from "./list-fence-devices";
import { createFenceDevice } from "./create-fence-device";
import { updateFenceDevice } from "./update-fence-device";
import { deleteFenceDevice } from "./delete-fence-device";
import { ZCreateFenceDeviceRequest, ZFenceDevice, ZFenceDeviceIdParams, ZFenceDeviceList, ZFenceTemplateList, ZUpdateFenceDeviceRequest } from "./fence-devices.types";

export const listFenceDevicesEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/fence-devices",
  summary: "List fence devices with their fencing server, targets and secret names (never secret values)",
  tag: "inventory",
  access: "ADMIN",
  response: ZFenceDeviceList,
  async handler({ rt }) {
    return { fenceDevices: await listFenceDevices(rt.db, rt.secretBox) };
  },
});

export const fenceTemplatesEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/fence-devices/templates",
  summary: "The built-in fence device templates (IPMI, libvirt, Proxmox, AWS): commands, off pattern and the variables they expect",
  tag: "inventory",
  access: "ADMIN",
  response: ZFenceTemplateList,
  async handler() {
    return { templates: Object.values(FENCE_TEMPLATES) };
  },
});

export const createFenceDeviceEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/fence-devices",
  summary: "Create a fence device; commands left out come from its kind's template, secrets are sealed at rest",
  tag: "inventory",
  access: "ADMIN",
  body: ZCreateFenceDeviceRequest,
  response: ZFenceDevice,
  status: 201,
  async handler({ body, actor, rt }) {
    return createFenceDevice(rt.db, rt.secretBox, actor, body);
  },
});

export const getFenceDeviceEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/fence-devices/{id}",
  summary: "One fence device (secret names only)",
  tag: "inventory",
  access: "ADMIN",
  params: ZFenceDeviceIdParams,
  response: ZFenceDevice,
  async handler({ params, rt }) {
    return getFenceDevice(rt.db, rt.secretBox, params.id);
  },
});

export const updateFenceDeviceEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/fence-devices/{id}",
  summary: "Edit a fence device; secrets are set or removed by name without resending the others",
  tag: "inventory",
  access: "ADMIN",
  params: ZFenceDeviceIdParams,
  body: ZUpdateFenceDeviceRequest,
  response: ZFenceDevice,
  async handler({ params, body, actor, rt }) {
    return updateFenceDevice(rt.db, rt.secretBox, actor, params.id, body);
  },
});

export const deleteFenceDeviceEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/fence-devices/{id}",
  summary: "Delete a fence device; refused (409) while a group's fencing levels name it",
  tag: "inventory",
  access: "ADMIN",
  params: ZFenceDeviceIdParams,
  response: ZNoContent,
  status: 204,
  async handler({ params, actor, rt }) {
    await deleteFenceDevice(rt.db, actor, params.id);
    return null;
  },
});
