import { gunzipSync } from 'node:zlib';

/** One entry of a tar archive. */
export interface TarEntry {
  name: string;
  type: string; // '0' file, '2' symlink, '5' directory
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  linkname: string;
  data: Buffer;
}

const field = (block: Buffer, start: number, length: number) =>
  block
    .subarray(start, start + length)
    .toString('latin1')
    .replace(/\0.*$/s, '');
const octal = (block: Buffer, start: number, length: number) =>
  parseInt(field(block, start, length).trim() || '0', 8);

/** Reads a gzipped tar layer (ustar; PAX headers are skipped, their names are not applied). */
export function readLayer(gzipped: Buffer): TarEntry[] {
  const tar = gunzipSync(gzipped);
  const entries: TarEntry[] = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const block = tar.subarray(offset, offset + 512);
    if (block.every(b => b === 0)) break;
    const size = octal(block, 124, 12);
    const prefix = field(block, 345, 155);
    const name = field(block, 0, 100);
    const type = field(block, 156, 1) || '0';
    const data = tar.subarray(offset + 512, offset + 512 + size);
    if (type !== 'x' && type !== 'g') {
      entries.push({
        name: prefix ? `${prefix}/${name}` : name,
        type,
        mode: octal(block, 100, 8),
        uid: octal(block, 108, 8),
        gid: octal(block, 116, 8),
        mtime: octal(block, 136, 12),
        linkname: field(block, 157, 100),
        data: Buffer.from(data),
      });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
