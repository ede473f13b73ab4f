import { ConfigReader } from '@backstage/config';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { readBerthConfig } from './readBerthConfig';

describe('readBerthConfig', () => {
  it('gives the defaults for an empty berth section', () => {
    const read = readBerthConfig(new ConfigReader({}));
    expect(read.helmBinary).toBeUndefined();
    expect(read.deployGroupTimeoutMs).toBe(300_000);
    expect(read.workDir).toBe(resolve(tmpdir()));
    expect(read.operations.concurrency).toBeGreaterThan(0);
    expect(read.secretValues.cipher.configured).toBe(false);
    expect(read.demo).toBeUndefined();
  });

  it('reads every setting it covers', () => {
    const read = readBerthConfig(
      new ConfigReader({
        berth: {
          helm: { binary: '/opt/helm' },
          deploy: { groupTimeoutSeconds: 12 },
          workDir: 'relative/work',
          operations: { concurrency: 3 },
          values: { encryptionKey: 'a-key-of-sixteen-chars' },
          demo: { projectFile: 'examples/project.yaml' },
        },
      }),
    );
    expect(read.helmBinary).toBe('/opt/helm');
    expect(read.deployGroupTimeoutMs).toBe(12_000);
    expect(read.workDir).toBe(resolve('relative/work'));
    expect(read.operations.concurrency).toBe(3);
    expect(read.secretValues.cipher.configured).toBe(true);
    expect(read.demo).toEqual({
      projectFile: 'examples/project.yaml',
      rootDir: '.',
    });
  });

  it('refuses an out-of-range operations setting', () => {
    expect(() =>
      readBerthConfig(
        new ConfigReader({ berth: { operations: { concurrency: 0 } } }),
      ),
    ).toThrow(/berth\.operations\.concurrency must be a number/);
  });
});
