// A group's critical services as stored (JSON), read leniently: rows written
// before a schema change give no services rather than break a reader.
import { ZCriticalServices, type TCriticalService } from "./groups.types";

export function criticalServicesOf(stored: unknown): TCriticalService[] {
  const r = ZCriticalServices.safeParse(stored);
  return r.success ? r.data : [];
}

export const criticalServiceNames = (stored: unknown): string[] => criticalServicesOf(stored).map((s) => s.name);
