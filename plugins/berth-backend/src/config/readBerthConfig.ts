import { Config } from '@backstage/config';
import {
  OperationsConfig,
  readOperationsConfig,
} from '../operations/readOperationsConfig';
import { SecretValues } from '../secretValues/SecretValues';
import {
  ProjectSecretsConfig,
  readProjectSecretsConfig,
} from '../secretValues/projectSecretsNamespace';
import { readWorkDirConfig } from '../workdir/readWorkDirConfig';
import { readSandboxesConfig, SandboxesConfig } from './readSandboxesConfig';

/** Berth's own settings (`berth.*`), read once at plugin start and passed down. */
export interface BerthConfig {
  /** `berth.helm.binary`: the helm executable, when not the bundled one. */
  helmBinary?: string;
  /** `berth.deploy.groupTimeoutSeconds` (default 300), in milliseconds. */
  deployGroupTimeoutMs: number;
  /** `berth.workDir` (default the OS's temporary directory), resolved. */
  workDir: string;
  /** `berth.operations`, with defaults. */
  operations: OperationsConfig;
  /** `berth.values`: the key patterns for secret values (and the key of tokens sealed before). */
  secretValues: SecretValues;
  /** `berth.values.projectSecrets`: where projects' secret values are kept. */
  projectSecrets: ProjectSecretsConfig;
  /** `berth.sandboxes` and the routing driver per cluster. */
  sandboxes: SandboxesConfig;
  /** `berth.demo`: the demo project to seed, when configured. */
  demo?: { projectFile: string; rootDir: string };
}

/** Reads {@link BerthConfig}; InputError for values out of range. */
export function readBerthConfig(config: Config): BerthConfig {
  const demoFile = config.getOptionalString('berth.demo.projectFile');
  return {
    helmBinary: config.getOptionalString('berth.helm.binary'),
    deployGroupTimeoutMs:
      (config.getOptionalNumber('berth.deploy.groupTimeoutSeconds') ?? 300) *
      1000,
    workDir: readWorkDirConfig(config),
    operations: readOperationsConfig(config),
    secretValues: SecretValues.fromConfig(config),
    projectSecrets: readProjectSecretsConfig(config),
    sandboxes: readSandboxesConfig(config),
    demo: demoFile
      ? {
          projectFile: demoFile,
          rootDir: config.getOptionalString('berth.demo.rootDir') ?? '.',
        }
      : undefined,
  };
}
