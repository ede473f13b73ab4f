import { ConfigReader } from '@backstage/config';
import { readTolerations } from './tolerations';

type Value = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>[string];

const read = (tolerations: Value) =>
  readTolerations(new ConfigReader({ tolerations }), key => `x.${key}`);

describe('readTolerations', () => {
  it('is empty without a section or without tolerations', () => {
    expect(readTolerations(undefined, key => key)).toEqual([]);
    expect(readTolerations(new ConfigReader({}), key => key)).toEqual([]);
  });

  it('reads Equal (the default, with a value) and Exists (without one) tolerations', () => {
    expect(
      read([
        { key: 'dedicated', value: 'ci' },
        { key: 'plain' },
        {
          key: 'berth.dev/real-node',
          operator: 'Exists',
          value: 'ignored',
          effect: 'NoSchedule',
        },
      ]),
    ).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'ci' },
      { key: 'plain', operator: 'Equal', value: '' },
      { key: 'berth.dev/real-node', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it('refuses an unknown operator or effect, naming the key', () => {
    expect(() => read([{ key: 'k', operator: 'Maybe' }])).toThrow(
      'x.tolerations[0].operator must be Equal or Exists',
    );
    expect(() => read([{ key: 'k' }, { key: 'k', effect: 'Never' }])).toThrow(
      'x.tolerations[1].effect must be one of NoSchedule, PreferNoSchedule, NoExecute',
    );
  });

  it('needs a key', () => {
    expect(() => read([{ operator: 'Exists' }])).toThrow(/key/);
  });
});
