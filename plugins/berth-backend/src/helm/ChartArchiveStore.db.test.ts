import { ChartInfo } from '@berth/plugin-berth-common';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { ProjectStore } from '../projects/ProjectStore';
import { ServiceStore } from '../services/ServiceStore';
import { ChartArchiveStore, sha256 } from './ChartArchiveStore';
import { chartEntries, craftArchive } from './__testUtils__/craftArchive';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

function prepared(name: string) {
  const content = craftArchive(chartEntries(name));
  const info: ChartInfo = {
    digest: sha256(content),
    size: content.length,
    metadata: { apiVersion: 'v2', name, version: '1.2.3' },
    dependencies: [],
    values: 'replicaCount: 1\n',
    schema: { type: 'object' },
    origin: { type: 'upload', filename: `${name}.tgz` },
  };
  return { content, info };
}

describe.each(databases.eachSupportedId())('ChartArchiveStore on %s', id => {
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'berth-archive-cache-'));
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('stores an archive once by digest and reads it back byte for byte', async () => {
    const knex = await migratedDatabase(databases, id);
    const store = new ChartArchiveStore(knex, cacheDir);
    const chart = prepared('cart');
    const info = await store.put(chart);
    expect(info).toEqual(chart.info);
    // The same bytes again, from elsewhere: still one row, first origin kept.
    await store.put({
      ...chart,
      info: {
        ...chart.info,
        origin: { type: 'upload', filename: 'again.tgz' },
      },
    });
    expect(await store.count()).toBe(1);
    expect((await store.get(info.digest)).origin).toEqual({
      type: 'upload',
      filename: 'cart.tgz',
    });
    expect((await store.content(info.digest)).equals(chart.content)).toBe(true);
    await expect(store.get('0'.repeat(64))).rejects.toThrow(
      /No chart archive with digest/,
    );
  });

  it('materializes an archive as <cacheDir>/<digest>.tgz, again after the cache is wiped', async () => {
    const knex = await migratedDatabase(databases, id);
    const store = new ChartArchiveStore(knex, join(cacheDir, 'charts'));
    const chart = prepared('orders');
    await store.put(chart);
    const [a, b] = await Promise.all([
      store.materialize(chart.info.digest),
      store.materialize(chart.info.digest),
    ]);
    expect(a).toEqual(b);
    expect(a.file).toBe(join(cacheDir, 'charts', `${chart.info.digest}.tgz`));
    expect(readFileSync(a.file).equals(chart.content)).toBe(true);
    expect(a.schema).toEqual({ type: 'object' });
    rmSync(join(cacheDir, 'charts'), { recursive: true, force: true });
    const again = await store.materialize(chart.info.digest);
    expect(existsSync(again.file)).toBe(true);
    await expect(store.materialize('../../etc/passwd')).rejects.toThrow(
      /not a chart archive digest/,
    );
  });

  it('deletes old archives that no revision names, keeping the others', async () => {
    const knex = await migratedDatabase(databases, id);
    const store = new ChartArchiveStore(knex, cacheDir);
    const used = prepared('used');
    const orphan = prepared('orphan');
    await store.put(used);
    await store.put(orphan);
    await store.materialize(orphan.info.digest);
    await new ProjectStore(knex).upsert({ ref: 'system:default/p', name: 'p' });
    await new ServiceStore(knex).create({
      projectRef: 'system:default/p',
      name: 'used',
      componentRef: 'component:default/used',
      spec: {
        kind: 'helm',
        chart: {
          type: 'archive',
          digest: used.info.digest,
          name: 'used',
          version: '1.2.3',
          origin: used.info.origin,
        },
        values: '',
        images: [],
      },
      actor: 'user:default/ada',
    });
    // Nothing is old enough yet.
    expect(await store.deleteUnreferenced(new Date(Date.now() - 60_000))).toBe(
      0,
    );
    expect(await store.deleteUnreferenced(new Date(Date.now() + 60_000))).toBe(
      1,
    );
    expect(await store.has(used.info.digest)).toBe(true);
    expect(await store.has(orphan.info.digest)).toBe(false);
    expect(existsSync(join(cacheDir, `${orphan.info.digest}.tgz`))).toBe(false);
  });

  it('refuses an archive whose info does not match its bytes', async () => {
    const knex = await migratedDatabase(databases, id);
    const store = new ChartArchiveStore(knex, cacheDir);
    const chart = prepared('web');
    await expect(
      store.put({ ...chart, content: Buffer.from('other bytes') }),
    ).rejects.toThrow(/digest mismatch/);
    expect(await store.count()).toBe(0);
  });
});
