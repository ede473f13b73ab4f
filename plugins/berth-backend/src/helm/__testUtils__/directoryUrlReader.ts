import {
  UrlReaderService,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlResponse,
} from '@backstage/backend-plugin-api';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  readFileSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { create } from 'tar';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    if (entry.isDirectory()) return walk(join(dir, entry.name));
    return entry.isFile() ? [join(dir, entry.name)] : [];
  });
}

/**
 * Backstage's UrlReaderService over a real directory tree: URLs under
 * `baseUrl` (e.g. `https://git.example.com/acme/charts/tree/main`) map to
 * files under `root`. The only test double of the Helm import tests: it
 * stands in for GitHub/GitLab/... at the URL reader interface. `reads`
 * counts readTree calls per URL.
 */
export function directoryUrlReader(
  baseUrl: string,
  root: string,
): UrlReaderService & { reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const pathOf = (url: string) => {
    if (!url.startsWith(baseUrl)) {
      throw new NotFoundError(`No reader for ${url}`);
    }
    const path = url.slice(baseUrl.length).replace(/^\/+|\/+$/g, '');
    const full = join(root, path);
    if (!full.startsWith(root) || !existsSync(full)) {
      throw new NotFoundError(`${url} not found`);
    }
    return full;
  };
  const etagOf = (files: string[]) =>
    createHash('sha256')
      .update(files.map(f => `${f}:${statSync(f).mtimeMs}`).join('\n'))
      .digest('hex');

  return {
    reads,
    async readUrl(url, options): Promise<UrlReaderServiceReadUrlResponse> {
      const file = pathOf(url);
      const buffer = readFileSync(file);
      const etag = createHash('sha256').update(buffer).digest('hex');
      if (options?.etag === etag) throw new NotModifiedError();
      return {
        buffer: async () => buffer,
        stream: () => Readable.from(buffer),
        etag,
      };
    },
    async readTree(url, options): Promise<UrlReaderServiceReadTreeResponse> {
      reads.set(url, (reads.get(url) ?? 0) + 1);
      const dir = pathOf(url);
      const files = walk(dir).filter(
        f => !options?.filter || options.filter(relative(dir, f)),
      );
      const etag = etagOf(files);
      if (options?.etag === etag) throw new NotModifiedError();
      return {
        etag,
        files: async () =>
          files.map(f => ({
            path: relative(dir, f),
            content: async () => readFileSync(f),
          })),
        archive: async () =>
          Readable.from(
            create(
              { cwd: dir, gzip: false, sync: false },
              files.map(f => relative(dir, f)),
            ),
          ),
        dir: async opts => {
          const target =
            opts?.targetDir ?? (await mkdtemp(join(tmpdir(), 'berth-tree-')));
          cpSync(dir, target, { recursive: true });
          return target;
        },
      };
    },
    async search() {
      throw new Error('search is not supported by the directory URL reader');
    },
  };
}
