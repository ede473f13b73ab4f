import { ConfigReader } from '@backstage/config';
import { BuildConfig, readBuildConfig } from '../buildConfig';

/** `berth.workflows.build` as the local clusters would set it, with overrides. */
export function buildTestConfig(
  build: Record<string, unknown> = {},
): BuildConfig {
  return readBuildConfig(
    new ConfigReader({
      berth: {
        workflows: {
          build: {
            cluster: 'local-east',
            namespace: 'berth-builds',
            nodeSelector: { 'berth.dev/real-node': 'true' },
            tolerations: [
              {
                key: 'berth.dev/real-node',
                operator: 'Exists',
                effect: 'NoSchedule',
              },
            ],
            local: {
              image: `127.0.0.1:5000/berth/builder@sha256:${'b'.repeat(64)}`,
              registryUrl: 'http://10.246.0.1:5000',
            },
            ...build,
          },
        },
      },
    }),
  );
}
