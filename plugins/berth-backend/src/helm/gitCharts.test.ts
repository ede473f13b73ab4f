import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  chartFolderFiles,
  listChartDirectories,
  readGitTree,
} from './gitCharts';
import { DEFAULT_ARCHIVE_LIMITS } from './helmConfig';
import { directoryUrlReader } from './__testUtils__/directoryUrlReader';

const URL = 'https://git.example.com/acme/repo/tree/main';

describe('Git chart folders', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'berth-gittest-'));
    write(
      'charts/a/Chart.yaml',
      'apiVersion: v2\nname: a\nversion: 1.0.0\ndescription: A\n',
    );
    write('charts/a/values.yaml', 'x: 1\n');
    write('charts/a/.helmignore', 'docs/\n*.bak\n');
    write('charts/a/docs/big.md', 'ignored');
    write('charts/a/templates/cm.yaml.bak', 'ignored');
    write('charts/a/templates/cm.yaml', 'kind: ConfigMap\n');
    write(
      'charts/a/charts/sub/Chart.yaml',
      'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    );
    write('charts/b/Chart.yaml', 'apiVersion: v2\nname: [broken\n');
    write('values/a.yaml', 'x: 2\n');
    write('README.md', '# repo\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const tree = () =>
    readGitTree(directoryUrlReader(URL, root), URL, {
      limits: DEFAULT_ARCHIVE_LIMITS,
      timeoutMs: 5000,
    });

  it('lists folders holding a Chart.yaml, not subcharts, with the values files beside them', async () => {
    expect(listChartDirectories(await tree())).toEqual([
      {
        path: 'charts/a',
        name: 'a',
        version: '1.0.0',
        description: 'A',
        valuesFiles: ['values/a.yaml'],
      },
      {
        path: 'charts/b',
        name: 'b',
        version: '',
        valuesFiles: ['values/a.yaml'],
      },
    ]);
  });

  it('takes one chart folder, leaving out what its .helmignore names', async () => {
    const files = chartFolderFiles(await tree(), 'charts/a/', URL);
    expect([...files.keys()].sort()).toEqual([
      'chart/.helmignore',
      'chart/Chart.yaml',
      'chart/charts/sub/Chart.yaml',
      'chart/templates/cm.yaml',
      'chart/values.yaml',
    ]);
  });

  it('refuses a path without a chart or leading out of the tree', async () => {
    const files = await tree();
    expect(() => chartFolderFiles(files, 'values', URL)).toThrow(
      /has no chart at 'values'/,
    );
    expect(() => chartFolderFiles(files, '../x', URL)).toThrow(/leads out of/);
  });

  it('refuses a tree over the limits', async () => {
    await expect(
      readGitTree(directoryUrlReader(URL, root), URL, {
        limits: { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 0 },
        timeoutMs: 5000,
      }),
    ).rejects.toThrow(/more than the limit of 0/);
  });
});
