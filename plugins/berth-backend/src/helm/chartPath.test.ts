import { ConfigReader } from '@backstage/config';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chartPathResolver,
  readChartRoot,
  resolveChartPathInRoot,
} from './chartPath';

describe('path charts stay inside the chart root', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeAll(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'berth-chartroot-')));
    root = join(base, 'root');
    outside = join(base, 'outside');
    mkdirSync(join(root, 'charts/web'), { recursive: true });
    writeFileSync(join(root, 'charts/web/Chart.yaml'), 'name: web\n');
    mkdirSync(join(outside, 'secret-chart'), { recursive: true });
    writeFileSync(join(outside, 'secret-chart/Chart.yaml'), 'name: x\n');
    // A link inside the root to a folder outside it, and one that stays in.
    symlinkSync(join(outside, 'secret-chart'), join(root, 'charts/escape'));
    symlinkSync(join(root, 'charts/web'), join(root, 'charts/alias'));
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('resolves relative paths, absolute paths inside the root and links that stay inside', () => {
    expect(resolveChartPathInRoot(root, 'charts/web')).toBe(
      join(root, 'charts/web'),
    );
    expect(resolveChartPathInRoot(root, './charts/web/')).toBe(
      join(root, 'charts/web'),
    );
    expect(resolveChartPathInRoot(root, join(root, 'charts/web'))).toBe(
      join(root, 'charts/web'),
    );
    expect(resolveChartPathInRoot(root, 'charts/alias')).toBe(
      join(root, 'charts/web'),
    );
  });

  it.each([
    [
      'an absolute path elsewhere',
      () => join(outside, 'secret-chart'),
      /is outside the chart root/,
    ],
    ['/etc', () => '/etc', /is outside the chart root/],
    ['a .. escape', () => '../outside/secret-chart', /may not contain '\.\.'/],
    [
      'a .. inside a path',
      () => 'charts/../../outside',
      /may not contain '\.\.'/,
    ],
    [
      'a backslash .. escape',
      () => 'charts\\..\\..\\outside',
      /may not contain '\.\.'/,
    ],
    [
      'a symbolic link leading out',
      () => 'charts/escape',
      /leads outside the chart root .* symbolic link/,
    ],
    [
      'a missing folder',
      () => 'charts/none',
      /does not exist under the chart root/,
    ],
    ['an empty path', () => ' ', /needs a folder path/],
    ['a NUL byte', () => 'charts/web\0', /needs a folder path/],
  ])('refuses %s with an InputError, writing nothing', (_, path, message) => {
    const before = readdirSync(base, { recursive: true }).sort();
    expect(() => resolveChartPathInRoot(root, path())).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(message),
      }),
    );
    expect(readdirSync(base, { recursive: true }).sort()).toEqual(before);
  });

  it('takes the root from berth.helm.chartRoot, else the demo rootDir', () => {
    expect(
      readChartRoot(
        new ConfigReader({
          berth: { helm: { chartRoot: root }, demo: { rootDir: outside } },
        }),
      ),
    ).toBe(root);
    expect(
      readChartRoot(
        new ConfigReader({
          berth: { demo: { projectFile: 'x.yaml', rootDir: outside } },
        }),
      ),
    ).toBe(outside);
    const resolvePath = chartPathResolver(
      new ConfigReader({ berth: { helm: { chartRoot: root } } }),
    );
    expect(resolvePath('charts/web')).toBe(join(root, 'charts/web'));
    expect(() => resolvePath(join(outside, 'secret-chart'))).toThrow(
      /outside the chart root/,
    );
  });
});
