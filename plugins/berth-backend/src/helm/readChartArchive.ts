import { InputError } from '@backstage/errors';
import { Parser, ReadEntry } from 'tar';
import { createGunzip } from 'node:zlib';
import { ArchiveLimits } from './helmConfig';

/** The files of an archive, by path (folders implied), read into memory. */
export type ArchiveFiles = Map<string, Buffer>;

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

function mib(bytes: number) {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

/**
 * Checks an entry's path and returns it without a leading `./` and trailing
 * `/`: refuses absolute paths (POSIX and Windows), `..` segments, backslashes
 * and control characters.
 */
export function checkEntryPath(raw: string, source: string): string {
  const path = raw.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) {
    throw new InputError(
      `${source}: the entry '${raw}' has an absolute path; chart archives hold relative paths only`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f]/.test(path)) {
    throw new InputError(
      `${source}: the entry '${raw}' has a backslash or control character in its path`,
    );
  }
  if (path.split('/').some(segment => segment === '..')) {
    throw new InputError(
      `${source}: the entry '${raw}' leads out of the archive ('..' in its path)`,
    );
  }
  return path;
}

function refuseType(entry: ReadEntry, source: string): never {
  const what: Record<string, string> = {
    SymbolicLink: `a symbolic link (to '${entry.linkpath}')`,
    Link: `a hard link (to '${entry.linkpath}')`,
    CharacterDevice: 'a character device',
    BlockDevice: 'a block device',
    FIFO: 'a FIFO',
  };
  throw new InputError(
    `${source}: the entry '${entry.path}' is ${
      what[entry.type] ?? `of type ${entry.type}`
    }; chart archives may hold only files and folders`,
  );
}

/**
 * Reads a gzip-compressed tar archive into memory, refusing anything unsafe
 * before a byte reaches the disk: more than `maxArchiveBytes` compressed,
 * paths that are absolute or contain `..`, links, devices and other special
 * entries, a file over `maxEntryBytes`, more than `maxEntries` entries, and a
 * total over `maxUncompressedBytes` counted while decompressing (so a
 * decompression bomb stops at the limit, not at the end of the stream).
 */
export function readChartArchive(
  archive: Buffer,
  limits: ArchiveLimits,
  source = 'chart archive',
): Promise<ArchiveFiles> {
  if (archive.length > limits.maxArchiveBytes) {
    return Promise.reject(
      new InputError(
        `${source} is ${mib(archive.length)}, more than the limit of ${mib(
          limits.maxArchiveBytes,
        )}`,
      ),
    );
  }
  if (archive.length < 2 || archive[0] !== 0x1f || archive[1] !== 0x8b) {
    return Promise.reject(
      new InputError(`${source} is not a gzip-compressed tar archive (.tgz)`),
    );
  }

  return new Promise<ArchiveFiles>((resolve, reject) => {
    const files: ArchiveFiles = new Map();
    const gunzip = createGunzip();
    const parser = new Parser({ strict: true });
    let total = 0;
    let entries = 0;
    let done = false;

    const fail = (error: unknown) => {
      if (done) return;
      done = true;
      gunzip.destroy();
      parser.removeAllListeners('entry');
      reject(
        error instanceof InputError
          ? error
          : new InputError(
              `${source} is not a valid tar archive: ${
                (error as Error)?.message ?? error
              }`,
            ),
      );
    };
    const guard = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        fail(error);
      }
    };

    parser.on('entry', (entry: ReadEntry) =>
      guard(() => {
        if (done) {
          entry.resume();
          return;
        }
        entries += 1;
        if (entries > limits.maxEntries) {
          throw new InputError(
            `${source} has more than ${limits.maxEntries} entries`,
          );
        }
        const path = checkEntryPath(entry.path, source);
        if (entry.type === 'Directory') {
          entry.resume();
          return;
        }
        if (!FILE_TYPES.has(entry.type)) refuseType(entry, source);
        if ((entry.size ?? 0) > limits.maxEntryBytes) {
          throw new InputError(
            `${source}: the file '${path}' is ${mib(
              entry.size ?? 0,
            )}, more than the limit of ${mib(limits.maxEntryBytes)} per file`,
          );
        }
        if (files.has(path)) {
          throw new InputError(`${source}: '${path}' appears twice`);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        entry.on('data', (chunk: Buffer) =>
          guard(() => {
            size += chunk.length;
            if (size > limits.maxEntryBytes) {
              throw new InputError(
                `${source}: the file '${path}' is more than the limit of ${mib(
                  limits.maxEntryBytes,
                )} per file`,
              );
            }
            chunks.push(chunk);
          }),
        );
        entry.on('end', () => files.set(path, Buffer.concat(chunks)));
      }),
    );
    parser.on('error', fail);
    parser.on('end', () => {
      if (done) return;
      done = true;
      resolve(files);
    });

    gunzip.on('data', (chunk: Buffer) =>
      guard(() => {
        total += chunk.length;
        if (total > limits.maxUncompressedBytes) {
          throw new InputError(
            `${source} unpacks to more than ${mib(
              limits.maxUncompressedBytes,
            )}; is it a decompression bomb?`,
          );
        }
        if (!parser.write(chunk)) {
          gunzip.pause();
          parser.once('drain', () => gunzip.resume());
        }
      }),
    );
    gunzip.on('error', error =>
      fail(
        new InputError(
          `${source} is not valid gzip data: ${(error as Error).message}`,
        ),
      ),
    );
    gunzip.on('end', () => guard(() => parser.end()));
    gunzip.end(archive);
  });
}
