import type { Db } from "../../db/client";
import type { SecretBox } from "../../crypto/secret-box";
import { notFound } from "../../errors/app-error";
import { fenceDeviceInclude, groupsNamingDevices, toFenceDeviceDto } from "./fence-device-dto";
import type { TFenceDevice } from "./fence-devices.types";

export async function listFenceDevices(db: Db, box: SecretBox): Promise<TFenceDevice[]> {
  const [rows, groups] = await Promise.all([db.fenceDevice.findMany({ orderBy: { name: "asc" }, include: fenceDeviceInclude }), groupsNamingDevices(db)]);
  return rows.map((d) => toFenceDeviceDto(box, d, groups.get(d.id) ?? []));
}

export async function getFenceDevice(db: Db, box: SecretBox, id: string): Promise<TFenceDevice> {
  const d = await db.fenceDevice.findUnique({ where: { id }, include: fenceDeviceInclude });
  if (!d) throw notFound("Fence device");
  return toFenceDeviceDto(box, d, (await groupsNamingDevices(db)).get(id) ?? []);
}
