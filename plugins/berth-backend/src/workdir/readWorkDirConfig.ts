import { Config } from '@backstage/config';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

/** `berth.workDir`: where work directories go; the OS's temporary directory by default. */
export function readWorkDirConfig(config: Config): string {
  return resolve(config.getOptionalString('berth.workDir') ?? tmpdir());
}
