import { ConfigReader } from '@backstage/config';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { readWorkDirConfig } from './readWorkDirConfig';

describe('readWorkDirConfig', () => {
  it('reads berth.workDir as an absolute path, the temporary directory by default', () => {
    expect(readWorkDirConfig(new ConfigReader({}))).toBe(tmpdir());
    expect(
      readWorkDirConfig(new ConfigReader({ berth: { workDir: '/run/berth' } })),
    ).toBe('/run/berth');
    expect(
      readWorkDirConfig(new ConfigReader({ berth: { workDir: 'var/berth' } })),
    ).toBe(resolve('var/berth'));
  });
});
