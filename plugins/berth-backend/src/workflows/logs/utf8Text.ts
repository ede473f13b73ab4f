/** Size of text in UTF-8 bytes (what the per-job cap counts). */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The index in `text` after at most `maxBytes` UTF-8 bytes, never inside a character. */
function indexAfterBytes(text: string, maxBytes: number): number {
  if (maxBytes <= 0) return 0;
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= maxBytes) return text.length;
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx) so the cut is between characters.
  while (end > 0 && (buffer[end] & 0xc0) === 0x80) end--;
  return buffer.subarray(0, end).toString('utf8').length;
}

/**
 * Splits `text` into a head of at most `maxBytes` bytes and the rest. The head
 * ends after its last newline when it holds one, so lines stay whole.
 */
export function splitHead(text: string, maxBytes: number): [string, string] {
  const end = indexAfterBytes(text, maxBytes);
  if (end >= text.length) return [text, ''];
  const newline = text.lastIndexOf('\n', end - 1);
  const cut = newline >= 0 ? newline + 1 : end;
  return [text.slice(0, cut), text.slice(cut)];
}

/**
 * Splits `text` into what is dropped and a tail of at most `maxBytes` bytes.
 * The tail starts at a line's beginning when it holds a newline before its end.
 */
export function splitTail(text: string, maxBytes: number): [string, string] {
  const total = utf8Bytes(text);
  if (total <= maxBytes) return ['', text];
  let start = indexAfterBytes(text, total - maxBytes);
  // A character cut in two is dropped whole.
  if (utf8Bytes(text.slice(start)) > maxBytes) {
    start += text.codePointAt(start)! > 0xffff ? 2 : 1;
  }
  if (start > 0 && text[start - 1] !== '\n') {
    const newline = text.indexOf('\n', start);
    if (newline >= 0 && newline < text.length - 1) start = newline + 1;
  }
  return [text.slice(0, start), text.slice(start)];
}

/** Pieces of at most `maxBytes` bytes each (cut after newlines when possible), in order. */
export function splitIntoPieces(text: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest) {
    const [piece, after] = splitHead(rest, maxBytes);
    if (!piece) {
      // Not even one character fits: take one anyway rather than loop.
      const one = String.fromCodePoint(rest.codePointAt(0)!);
      pieces.push(one);
      rest = rest.slice(one.length);
    } else {
      pieces.push(piece);
      rest = after;
    }
  }
  return pieces;
}
