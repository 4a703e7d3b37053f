// Shared by the INI and YAML parsers' tests.
import type { InventoryHost, ParsedInventory } from "./ansible-inventory";
import { InventoryParseError } from "./inventory-parse-error";

export function hostNamed(inv: ParsedInventory, name: string): InventoryHost {
  const h = inv.hosts.find((x) => x.name === name);
  if (!h) throw new Error(`no host ${name} in ${inv.hosts.map((x) => x.name).join(", ")}`);
  return h;
}

/** The error `parse` throws for `content`; fails the test when it parses. */
export function parseErrorOf(parse: (content: string) => ParsedInventory, content: string): InventoryParseError {
  try {
    parse(content);
  } catch (e) {
    if (e instanceof InventoryParseError) return e;
    throw e;
  }
  throw new Error("expected a parse error");
}
