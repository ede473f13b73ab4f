/** A text of `key<separator>value` lines, parsed, or the first line that is not one. */
export type KeyValueLines =
  | { values: Record<string, string> }
  | { problem: { line: number; text: string } };

/**
 * Parses one `key<separator>value` per line (e.g. `--set` values as
 * `image.tag=1.5.0`, headers as `x-env: alice`); blank lines are skipped,
 * keys and values trimmed, the value may contain the separator.
 */
export function parseKeyValueLines(
  text: string,
  separator: '=' | ':',
): KeyValueLines {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf(separator);
    const key = at > 0 ? line.slice(0, at).trim() : '';
    if (!key) return { problem: { line: index + 1, text: line } };
    values[key] = line.slice(at + 1).trim();
  }
  return { values };
}
