/** An inventory file Tandem cannot read; the message names the line when it is known. */
export class InventoryParseError extends Error {
  override name = "InventoryParseError";
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}
