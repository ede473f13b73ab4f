import { helmIgnore } from './helmIgnore';

describe('helmIgnore', () => {
  const ignored = helmIgnore(
    [
      '# comments and blank lines are skipped',
      '',
      '.git/',
      '*.swp',
      '/docs/',
      'tests/fixtures',
      '*.tgz',
      '!keep.tgz',
      'tmp?.txt',
      '[ab].md',
    ].join('\n'),
  );

  it.each([
    ['.git/config', true],
    ['templates/.git/x', true],
    ['templates/a.yaml.swp', true],
    ['docs/readme.md', true],
    ['templates/docs/readme.md', false],
    ['tests/fixtures/data.yaml', true],
    ['tests/other.yaml', false],
    ['charts/dep-1.0.0.tgz', true],
    ['charts/keep.tgz', false],
    ['tmp1.txt', true],
    ['tmp12.txt', false],
    ['a.md', true],
    ['c.md', false],
    ['Chart.yaml', false],
    ['templates/deployment.yaml', false],
  ])('%s ignored: %s', (path, expected) => {
    expect(ignored(path)).toBe(expected);
  });

  it('ignores nothing without rules', () => {
    expect(helmIgnore('# nothing\n')('any/thing.yaml')).toBe(false);
  });
});
