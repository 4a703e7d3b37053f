// Step output is capped so a chatty hook cannot bloat the database or the socket.
export const MAX_OUTPUT_BYTES = 16 * 1024;

/** Keeps the tail (where errors usually are) within `max` UTF-8 bytes, marking the cut. */
export function capOutput(text: string, max = MAX_OUTPUT_BYTES): string {
  const buf = Buffer.from(text, "utf8");
  if (buf.length <= max) return text;
  const marker = `[… ${buf.length - max} bytes truncated]\n`;
  let start = buf.length - (max - Buffer.byteLength(marker));
  // Never start inside a multi-byte character.
  while (start < buf.length && (buf[start]! & 0xc0) === 0x80) start++;
  return marker + buf.subarray(start).toString("utf8");
}

/** Joins the handler's log lines and its final output, then caps the result. */
export function stepOutput(lines: readonly string[], output?: string): string {
  const all = output ? [...lines, output] : lines;
  return capOutput(all.join("\n"));
}
