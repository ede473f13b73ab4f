import { Header } from 'tar';
import { gzipSync } from 'node:zlib';

/** One raw tar entry, written as given (no sanitizing: for hostile archives). */
export interface CraftedEntry {
  path: string;
  type?:
    | 'File'
    | 'Directory'
    | 'SymbolicLink'
    | 'Link'
    | 'CharacterDevice'
    | 'BlockDevice'
    | 'FIFO';
  body?: string | Buffer;
  linkpath?: string;
  /** Declared size (default: the body's). */
  size?: number;
}

/** A tar stream of the entries exactly as described (uncompressed). */
export function craftTar(entries: CraftedEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body =
      typeof entry.body === 'string'
        ? Buffer.from(entry.body)
        : entry.body ?? Buffer.alloc(0);
    const type = entry.type ?? 'File';
    const size = type === 'File' ? entry.size ?? body.length : 0;
    const header = new Header({
      path: entry.path,
      mode: type === 'Directory' ? 0o755 : 0o644,
      uid: 0,
      gid: 0,
      size,
      mtime: new Date(0),
      type,
      linkpath: entry.linkpath,
      uname: '',
      gname: '',
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (type === 'File' && body.length > 0) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** A gzip-compressed tar of the entries (a crafted .tgz). */
export function craftArchive(entries: CraftedEntry[]): Buffer {
  return gzipSync(craftTar(entries));
}

/** A minimal valid chart's entries under `<name>/`, with overrides. */
export function chartEntries(
  name = 'demo',
  files: Record<string, string> = {},
): CraftedEntry[] {
  const all: Record<string, string> = {
    'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 1.2.3\nappVersion: "4.5"\ndescription: A test chart\n`,
    'values.yaml':
      'replicaCount: 1\nimage:\n  repository: ghcr.io/acme/demo\n  tag: "1.0"\n',
    'templates/configmap.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  replicas: "{{ .Values.replicaCount }}"\n',
    ...files,
  };
  return Object.entries(all)
    .filter(([, body]) => body !== undefined && body !== null)
    .map(([path, body]) => ({ path: `${name}/${path}`, body }));
}
