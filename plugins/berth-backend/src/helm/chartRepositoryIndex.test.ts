import {
  compareVersions,
  findChartVersion,
  listCharts,
  parseRepositoryIndex,
} from './chartRepositoryIndex';

const INDEX = `apiVersion: v1
entries:
  cart:
    - name: cart
      version: 1.10.0
      appVersion: "3"
      description: The cart
      urls: [charts/cart-1.10.0.tgz]
      digest: abc
    - name: cart
      version: 1.9.0
      urls: [https://cdn.example.com/cart-1.9.0.tgz]
    - name: cart
      version: 1.10.0-rc.1
      urls: [charts/cart-1.10.0-rc.1.tgz]
      deprecated: true
  api:
    - name: api
      version: 0.1.0
      urls: []
generated: "2026-11-22T00:00:00Z"
`;

describe('chart repository index', () => {
  it('orders SemVer versions, prereleases before their release', () => {
    const sorted = [
      '1.2.0',
      '1.10.0',
      '1.10.0-rc.1',
      '1.10.0-rc.10',
      '1.10.0-alpha',
      '0.9.9',
      'latest',
    ].sort(compareVersions);
    expect(sorted).toEqual([
      'latest',
      '0.9.9',
      '1.2.0',
      '1.10.0-alpha',
      '1.10.0-rc.1',
      '1.10.0-rc.10',
      '1.10.0',
    ]);
  });

  it('lists charts by name with versions newest first', () => {
    const charts = listCharts(parseRepositoryIndex(INDEX, 'index.yaml', 1e6));
    expect(charts).toEqual([
      { name: 'api', versions: [{ version: '0.1.0' }] },
      {
        name: 'cart',
        description: 'The cart',
        versions: [
          { version: '1.10.0', appVersion: '3', description: 'The cart' },
          { version: '1.10.0-rc.1', deprecated: true },
          { version: '1.9.0' },
        ],
      },
    ]);
  });

  it('finds a version, or says what there is', () => {
    const index = parseRepositoryIndex(INDEX, 'index.yaml', 1e6);
    expect(findChartVersion(index, 'cart', '1.10.0', 'repo').digest).toBe(
      'abc',
    );
    expect(() => findChartVersion(index, 'nope', '1.0.0', 'The repo')).toThrow(
      "The repo has no chart named 'nope'",
    );
    expect(() => findChartVersion(index, 'cart', '2.0.0', 'The repo')).toThrow(
      "The repo has no version '2.0.0' of chart 'cart' (it has 1.10.0, 1.10.0-rc.1, 1.9.0)",
    );
    expect(() => findChartVersion(index, 'api', '0.1.0', 'The repo')).toThrow(
      /no download URL/,
    );
  });

  it('refuses an index that is not one, or an alias bomb', () => {
    expect(() => parseRepositoryIndex('- a\n', 'index.yaml', 1e6)).toThrow(
      'index.yaml is not a chart repository index',
    );
    expect(() =>
      parseRepositoryIndex(
        'a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
        'index.yaml',
        200,
      ),
    ).toThrow(/alias bomb/);
  });
});
