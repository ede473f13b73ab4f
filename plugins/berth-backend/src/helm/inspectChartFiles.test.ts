import { DEFAULT_ARCHIVE_LIMITS } from './helmConfig';
import { inspectChartFiles } from './inspectChartFiles';
import { readChartArchive } from './readChartArchive';
import { chartEntries, craftArchive } from './__testUtils__/craftArchive';

async function inspect(
  files: Record<string, string>,
  name = 'demo',
  extra: Array<{ path: string; body: string }> = [],
) {
  const read = await readChartArchive(
    craftArchive([...chartEntries(name, files), ...extra]),
    DEFAULT_ARCHIVE_LIMITS,
  );
  return inspectChartFiles(read, 'upload');
}

const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
].join('\n');

describe('inspectChartFiles', () => {
  it('reads Chart.yaml, values.yaml, the schema and the dependencies', async () => {
    const chart = await inspect(
      {
        'Chart.yaml': [
          'apiVersion: v2',
          'name: shop',
          'version: 2.0.0-rc.1',
          'appVersion: 3.1',
          'description: The shop',
          'keywords: [a, b]',
          'maintainers: [{name: Ada, email: ada@example.com}]',
          'dependencies:',
          '  - name: redis',
          '    version: 1.x',
          '    repository: https://charts.example.com',
          '    condition: redis.enabled',
          '  - name: common',
          '    version: 0.1.0',
          '    repository: file://../common',
          '',
        ].join('\n'),
        'values.schema.json': JSON.stringify({
          type: 'object',
          properties: { replicaCount: { type: 'integer' } },
        }),
      },
      'shop',
      [
        {
          path: 'shop/charts/common/Chart.yaml',
          body: 'apiVersion: v2\nname: common\nversion: 0.1.0\n',
        },
      ],
    );
    expect(chart.root).toBe('shop');
    expect(chart.metadata).toEqual({
      apiVersion: 'v2',
      name: 'shop',
      version: '2.0.0-rc.1',
      appVersion: '3.1',
      description: 'The shop',
      keywords: ['a', 'b'],
      maintainers: [{ name: 'Ada', email: 'ada@example.com' }],
    });
    expect(chart.dependencies).toEqual([
      {
        name: 'redis',
        version: '1.x',
        repository: 'https://charts.example.com',
        condition: 'redis.enabled',
        bundled: false,
      },
      {
        name: 'common',
        version: '0.1.0',
        repository: 'file://../common',
        bundled: true,
      },
    ]);
    expect(chart.values).toContain('replicaCount: 1');
    expect(chart.schema).toMatchObject({ type: 'object' });
  });

  it.each([
    ['a name with capitals', 'Demo'],
    ['a name with an underscore', 'my_chart'],
    ['a name over 63 characters', 'a'.repeat(64)],
    ['a name ending in a dash', 'demo-'],
  ])('refuses %s (not DNS-1123)', async (_what, name) => {
    await expect(
      inspect({
        'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`,
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: new RegExp(`the chart name '${name}' is not a DNS-1123 label`),
    });
  });

  it.each(['1.0', 'latest', '01.2.3', '1.2.3.4', ''])(
    'refuses the version %p',
    async version => {
      await expect(
        inspect({
          'Chart.yaml': `apiVersion: v2\nname: demo\nversion: "${version}"\n`,
        }),
      ).rejects.toMatchObject({ message: /is not a SemVer 2 version/ });
    },
  );

  it('refuses an archive without Chart.yaml', async () => {
    const read = await readChartArchive(
      craftArchive([{ path: 'demo/values.yaml', body: 'a: 1\n' }]),
      DEFAULT_ARCHIVE_LIMITS,
    );
    expect(() => inspectChartFiles(read, 'upload')).toThrow(
      /upload has no Chart.yaml in its top folder/,
    );
  });

  it('refuses several top folders', async () => {
    await expect(
      inspect({}, 'demo', [{ path: 'other/x.yaml', body: 'a: 1\n' }]),
    ).rejects.toMatchObject({ message: /2 top-level entries/ });
  });

  it.each([
    ['not YAML', 'apiVersion: v2\nname: [demo\n', /Chart.yaml: line/],
    ['a list', '- a\n- b\n', /Chart.yaml is not a mapping/],
    [
      'a bad apiVersion',
      'apiVersion: v3\nname: demo\nversion: 1.0.0\n',
      /apiVersion must be v1 or v2/,
    ],
    ['no name', 'apiVersion: v2\nversion: 1.0.0\n', /Chart.yaml has no name/],
    [
      'a bad type',
      'apiVersion: v2\nname: demo\nversion: 1.0.0\ntype: plugin\n',
      /type must be application or library/,
    ],
    [
      'a custom tag',
      'apiVersion: v2\nname: !!js/function demo\nversion: 1.0.0\n',
      /tag/,
    ],
  ])('refuses a Chart.yaml that is %s', async (_what, text, message) => {
    await expect(inspect({ 'Chart.yaml': text })).rejects.toMatchObject({
      name: 'InputError',
      message,
    });
  });

  it('refuses a YAML alias bomb in values.yaml and in Chart.yaml', async () => {
    await expect(inspect({ 'values.yaml': BOMB })).rejects.toMatchObject({
      message: /upload: values.yaml: .*alias bomb/,
    });
    await expect(
      inspect({
        'Chart.yaml': `apiVersion: v2\nname: demo\nversion: 1.0.0\n${BOMB}\n`,
      }),
    ).rejects.toMatchObject({ message: /Chart.yaml: .*alias bomb/ });
  });

  it('refuses a values.schema.json that is not JSON or not a JSON Schema', async () => {
    await expect(
      inspect({ 'values.schema.json': '{ nope' }),
    ).rejects.toMatchObject({
      message: /values.schema.json is not valid JSON/,
    });
    await expect(
      inspect({
        'values.schema.json': JSON.stringify({ type: 'no-such-type' }),
      }),
    ).rejects.toMatchObject({
      message: /values.schema.json is not a valid JSON Schema/,
    });
    await expect(
      inspect({ 'values.schema.json': '[1]' }),
    ).rejects.toMatchObject({
      message: /must hold a JSON object/,
    });
  });

  it('reads a v1 chart’s requirements.yaml', async () => {
    const chart = await inspect(
      {
        'Chart.yaml': 'apiVersion: v1\nname: old\nversion: 0.1.0\n',
        'requirements.yaml':
          'dependencies:\n  - name: db\n    version: 1.0.0\n    repository: "@stable"\n',
      },
      'old',
    );
    expect(chart.dependencies).toEqual([
      { name: 'db', version: '1.0.0', repository: '@stable', bundled: false },
    ]);
  });
});
