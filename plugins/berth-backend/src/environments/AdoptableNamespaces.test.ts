import { ConfigReader } from '@backstage/config';
import { AdoptableNamespaces } from './AdoptableNamespaces';

const read = (clusters: object) =>
  AdoptableNamespaces.fromConfig(new ConfigReader({ berth: { clusters } }));

describe('AdoptableNamespaces', () => {
  const adoptable = read({
    east: { adoptableNamespaces: ['team-*', 'sandbox', '*-preview'] },
    west: {},
  });

  it.each([
    ['east', 'team-a', true],
    ['east', 'team-', true],
    ['east', 'sandbox', true],
    ['east', 'shop-preview', true],
    ['east', 'sandbox-2', false],
    ['east', 'other-team-a', false],
    ['east', 'argocd', false],
    ['west', 'team-a', false],
    ['nowhere', 'team-a', false],
  ])('on %s, %s matches: %s', (cluster, namespace, expected) => {
    expect(adoptable.matches(cluster, namespace)).toBe(expected);
  });

  it('names the patterns of a cluster, none for others', () => {
    expect(adoptable.patterns('east')).toEqual([
      'team-*',
      'sandbox',
      '*-preview',
    ]);
    expect(adoptable.patterns('west')).toEqual([]);
  });

  it('treats regular expression characters as nothing special', () => {
    expect(() => read({ east: { adoptableNamespaces: ['team.*'] } })).toThrow(
      /berth.clusters.east.adoptableNamespaces: 'team.\*' is not a namespace pattern/,
    );
    expect(() => read({ east: { adoptableNamespaces: ['Team-*'] } })).toThrow(
      /not a namespace pattern/,
    );
  });
});
