import { helmRange, pickVersion } from './chartDependencies';

describe('dependency versions, as helm picks them', () => {
  const versions = ['1.0.0', '1.2.0', '1.2.5', '1.10.0', '2.0.0', '2.1.0-rc.1'];

  it.each([
    ['1.2.0', '1.2.0'],
    ['~1.2.0', '1.2.5'],
    ['^1.2', '1.10.0'],
    ['>=1.0.0, <2.0.0', '1.10.0'],
    ['>=1.0.0 <1.2.0 || 2.x', '2.0.0'],
    ['1.x', '1.10.0'],
    ['*', '2.0.0'],
    ['', '2.0.0'],
    ['^3.0.0', undefined],
    ['not a range', undefined],
  ])('%j picks %s', (constraint, expected) => {
    expect(pickVersion(versions, constraint)).toBe(expected);
  });

  it('takes a v-prefixed exact version and reads commas as and', () => {
    expect(pickVersion(['v1.0.0', 'v1.1.0'], '~1.0.0')).toBe('v1.0.0');
    expect(helmRange('>=1.0.0, <2.0.0')).toBe('>=1.0.0 <2.0.0');
  });
});
