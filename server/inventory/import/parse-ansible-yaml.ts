// Ansible's YAML inventory format, as its yaml plugin reads it:
//   all: { hosts: { name: {vars} }, children: { group: {...} }, vars: {...} }
// Top-level keys are groups; "hosts", "children" and "vars" may be null; other
// keys in a group are skipped with a warning, as Ansible does.
import { LineCounter, isAlias, isMap, isScalar, parseDocument, type Node, type Pair, type YAMLMap } from "yaml";
import { InventoryBuilder, type ParsedInventory } from "./ansible-inventory";
import { InventoryParseError } from "./inventory-parse-error";

const MAX_DEPTH = 64;

export function parseAnsibleYaml(content: string): ParsedInventory {
  const lc = new LineCounter();
  const doc = parseDocument(content, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  // The parser often places a problem on the line break before the token at fault; name the token's line.
  const lineAt = (pos: number): number => {
    let p = pos;
    while (p < content.length && /\s/.test(content[p]!)) p++;
    return lc.linePos(Math.min(p, Math.max(0, content.length - 1))).line;
  };
  const firstError = doc.errors[0];
  if (firstError) throw new InventoryParseError(`not valid YAML: ${firstError.message.split("\n")[0]}`, lineAt(firstError.pos[0]));

  const lineOf = (node: unknown): number | undefined => {
    const range = (node as Node | null)?.range;
    return range ? lc.linePos(range[0]).line : undefined;
  };
  const isNull = (node: unknown) => node === null || node === undefined || (isScalar(node) && node.value === null);
  const toJs = (node: unknown): unknown => (node && typeof (node as Node).toJS === "function" ? (node as Node).toJS(doc, { maxAliasCount: 100 }) : node);
  // Anchors and aliases may stand for whole groups or host variable maps.
  const deref = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  const keyOf = (pair: Pair): string => {
    const k = isScalar(pair.key) ? pair.key.value : pair.key;
    if (k === null || k === undefined || typeof k === "object") throw new InventoryParseError("a key must be a plain name", lineOf(pair.key));
    const s = String(k).trim();
    if (!s) throw new InventoryParseError("a name is empty", lineOf(pair.key));
    return s;
  };

  const b = new InventoryBuilder();
  // e.g. an unknown tag such as !vault: the value is kept as text, and the admin is told.
  for (const w of doc.warnings) b.warnings.push(`Line ${lineAt(w.pos[0])}: ${w.message.split("\n")[0]}`);

  const varsOf = (raw: unknown, what: string): Record<string, unknown> => {
    const node = deref(raw);
    if (isNull(node)) return {};
    if (!isMap(node)) throw new InventoryParseError(`${what} must be a mapping of variables`, lineOf(node));
    const out: Record<string, unknown> = {};
    for (const pair of node.items) out[keyOf(pair)] = toJs(pair.value);
    return out;
  };

  // Ansible accepts a bare name where a mapping of one entry is expected ("hosts: web1").
  const entries = (raw: unknown, section: string, group: string): { key: string; value: unknown; line: number | undefined }[] => {
    const node = deref(raw);
    if (isNull(node)) return [];
    if (isScalar(node)) return [{ key: String(node.value), value: null, line: lineOf(node) }];
    if (!isMap(node)) throw new InventoryParseError(`"${section}" of group ${group} must be a mapping`, lineOf(node));
    return (node as YAMLMap).items.map((pair) => ({ key: keyOf(pair as Pair), value: (pair as Pair).value, line: lineOf((pair as Pair).key) }));
  };

  const parseGroup = (name: string, raw: unknown, depth: number, line: number | undefined): void => {
    const node = deref(raw);
    if (depth > MAX_DEPTH) throw new InventoryParseError(`groups are nested more than ${MAX_DEPTH} deep`, line);
    if (!isNull(node) && !isMap(node)) {
      b.warnings.push(`Skipped "${name}"${line ? ` (line ${line})` : ""}: a group must be a mapping with hosts, children or vars`);
      return;
    }
    b.group(name);
    if (isNull(node)) return;
    for (const pair of (node as YAMLMap).items) {
      const key = keyOf(pair as Pair);
      const value = (pair as Pair).value;
      if (key === "hosts") {
        for (const h of entries(value, "hosts", name)) b.addHosts(name, h.key, varsOf(h.value, `variables of host ${h.key}`), h.line);
      } else if (key === "children") {
        for (const c of entries(value, "children", name)) {
          b.addChild(name, c.key, c.line);
          parseGroup(c.key, c.value, depth + 1, c.line);
        }
      } else if (key === "vars") {
        b.setGroupVars(name, varsOf(value, `vars of group ${name}`));
      } else {
        b.warnings.push(`Skipped key "${key}" in group ${name}${lineOf((pair as Pair).key) ? ` (line ${lineOf((pair as Pair).key)})` : ""}: only hosts, children and vars are valid`);
      }
    }
  };

  if (isNull(doc.contents)) throw new InventoryParseError("the file holds no inventory");
  if (!isMap(doc.contents)) throw new InventoryParseError("the inventory must be a mapping of groups, e.g. all: { hosts: …, children: … }", lineOf(doc.contents));
  for (const pair of doc.contents.items) parseGroup(keyOf(pair as Pair), (pair as Pair).value, 0, lineOf((pair as Pair).key));
  return b.build();
}
