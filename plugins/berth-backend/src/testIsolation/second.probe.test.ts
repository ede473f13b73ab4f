import { tmpdir } from 'node:os';
import { checkOwnTempDir } from './checkOwnTempDir';

it('gives this file a fresh temporary directory of its own, also for its child processes', () => {
  expect(checkOwnTempDir('second')).toBe(tmpdir());
});
