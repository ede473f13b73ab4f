import { startOrderGroups } from './startOrderGroups';

const service = (name: string) => ({
  name,
  componentRef: `component:default/${name}`,
  kind: 'helm' as const,
  latestRevision: 1,
});

describe('startOrderGroups', () => {
  const project = {
    services: ['db', 'cart', 'web', 'extra'].map(service),
    startOrder: [['db'], ['cart', 'web']],
  };

  it('puts services outside any group last', () => {
    expect(startOrderGroups(project)).toEqual([
      ['db'],
      ['cart', 'web'],
      ['extra'],
    ]);
  });

  it('keeps only the wanted services and drops empty groups', () => {
    expect(startOrderGroups(project, ['web', 'extra'])).toEqual([
      ['web'],
      ['extra'],
    ]);
  });
});
