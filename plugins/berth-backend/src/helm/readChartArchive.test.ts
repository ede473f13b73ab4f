import { createGzip, gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { DEFAULT_ARCHIVE_LIMITS } from './helmConfig';
import { readChartArchive } from './readChartArchive';
import {
  chartEntries,
  craftArchive,
  craftTar,
} from './__testUtils__/craftArchive';

const limits = DEFAULT_ARCHIVE_LIMITS;

describe('readChartArchive', () => {
  it('reads a chart archive into memory, without ./ prefixes or folders', async () => {
    const files = await readChartArchive(
      craftArchive([
        { path: './demo/', type: 'Directory' },
        ...chartEntries('demo'),
      ]),
      limits,
    );
    expect([...files.keys()].sort()).toEqual([
      'demo/Chart.yaml',
      'demo/templates/configmap.yaml',
      'demo/values.yaml',
    ]);
    expect(files.get('demo/Chart.yaml')!.toString()).toContain('name: demo');
  });

  it.each([
    ['a .. segment', 'demo/../../etc/passwd', /leads out of the archive/],
    ['a leading ..', '../evil.yaml', /leads out of the archive/],
    ['an absolute path', '/etc/cron.d/evil', /absolute path/],
    ['a Windows drive path', 'C:/evil.yaml', /absolute path/],
    ['a backslash', 'demo\\..\\evil', /backslash/],
  ])('refuses %s', async (_what, path, message) => {
    await expect(
      readChartArchive(
        craftArchive([...chartEntries(), { path, body: 'x: 1\n' }]),
        limits,
        'upload',
      ),
    ).rejects.toMatchObject({ name: 'InputError', message });
  });

  it.each([
    ['SymbolicLink', /is a symbolic link \(to '\/etc\/passwd'\)/],
    ['Link', /is a hard link \(to '\/etc\/passwd'\)/],
    ['CharacterDevice', /is a character device/],
    ['BlockDevice', /is a block device/],
    ['FIFO', /is a FIFO/],
  ] as const)('refuses a %s entry', async (type, message) => {
    await expect(
      readChartArchive(
        craftArchive([
          ...chartEntries(),
          { path: 'demo/templates/link.yaml', type, linkpath: '/etc/passwd' },
        ]),
        limits,
      ),
    ).rejects.toMatchObject({ name: 'InputError', message });
  });

  it('refuses a path made absolute by a PAX header', async () => {
    // A pax extended header ('x') whose path record overrides the entry's.
    const record = (key: string, value: string) => {
      const body = ` ${key}=${value}\n`;
      let len = body.length + 1;
      while (`${len}${body}`.length !== len) len++;
      return `${len}${body}`;
    };
    const pax = Buffer.from(record('path', '/etc/evil'));
    const paxHeader = Buffer.alloc(512);
    new Header({
      path: 'PaxHeader/x',
      type: 'ExtendedHeader',
      size: pax.length,
      mode: 0o644,
      mtime: new Date(0),
    }).encode(paxHeader, 0);
    const tar = Buffer.concat([
      paxHeader,
      pax,
      Buffer.alloc((512 - (pax.length % 512)) % 512),
      craftTar([{ path: 'demo/innocent.yaml', body: 'a: 1\n' }]),
    ]);
    await expect(readChartArchive(gzipSync(tar), limits)).rejects.toMatchObject(
      { message: /absolute path/ },
    );
  });

  it('refuses an entry over the per-file limit, from its header', async () => {
    await expect(
      readChartArchive(
        craftArchive([
          ...chartEntries(),
          { path: 'demo/big.bin', body: Buffer.alloc(2048, 1) },
        ]),
        { ...limits, maxEntryBytes: 1024 },
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: /'demo\/big.bin' is .* more than the limit/,
    });
  });

  it('refuses more entries than the limit', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      path: `demo/templates/t${i}.yaml`,
      body: '# empty\n',
    }));
    await expect(
      readChartArchive(craftArchive([...chartEntries(), ...many]), {
        ...limits,
        maxEntries: 20,
      }),
    ).rejects.toMatchObject({ message: /more than 20 entries/ });
  });

  it('stops a real decompression bomb at the limit while decompressing', async () => {
    // 128 MiB of zeros in one file compress to about 130 KiB: far under the
    // archive limit, far over the uncompressed one. Built as a stream so the
    // test never holds the expanded data.
    const size = 128 * 1024 * 1024;
    const header = Buffer.alloc(512);
    new Header({
      path: 'demo/zeros.bin',
      type: 'File',
      size,
      mode: 0o644,
      mtime: new Date(0),
    }).encode(header, 0);
    const gzip = createGzip({ level: 9 });
    const chunks: Buffer[] = [];
    gzip.on('data', c => chunks.push(c));
    const done = new Promise(r => gzip.on('end', r));
    gzip.write(craftTar(chartEntries()).subarray(0, -1024));
    gzip.write(header);
    const zeros = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < size / zeros.length; i++) {
      if (!gzip.write(zeros)) await new Promise(r => gzip.once('drain', r));
    }
    gzip.end(Buffer.alloc(1024));
    await done;
    const bomb = Buffer.concat(chunks);
    expect(bomb.length).toBeLessThan(limits.maxArchiveBytes);

    await expect(
      readChartArchive(bomb, { ...limits, maxEntryBytes: size * 2 }, 'upload'),
    ).rejects.toMatchObject({
      name: 'InputError',
      message:
        /upload unpacks to more than 50 MiB; is it a decompression bomb\?/,
    });
    // Building and inflating 128 MiB takes seconds on a busy 2-core machine.
  }, 60_000);

  it('refuses an archive over the upload size limit before reading it', async () => {
    await expect(
      readChartArchive(craftArchive(chartEntries()), {
        ...limits,
        maxArchiveBytes: 100,
      }),
    ).rejects.toMatchObject({ message: /more than the limit of/ });
  });

  it('refuses data that is not gzip, and gzip that is not tar', async () => {
    await expect(
      readChartArchive(Buffer.from('PK\u0003\u0004 a zip file'), limits),
    ).rejects.toMatchObject({ message: /not a gzip-compressed tar/ });
    await expect(
      readChartArchive(
        gzipSync(Buffer.from('just some text, not tar')),
        limits,
      ),
    ).rejects.toMatchObject({ name: 'InputError', message: /not a valid tar/ });
    const truncated = craftArchive(chartEntries()).subarray(0, 40);
    await expect(readChartArchive(truncated, limits)).rejects.toMatchObject({
      name: 'InputError',
    });
  });
});
