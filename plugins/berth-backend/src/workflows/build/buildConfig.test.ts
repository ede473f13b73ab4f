import { ConfigReader } from '@backstage/config';
import { readBuildConfig } from './buildConfig';

type ConfigData = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const read = (build?: ConfigData) =>
  readBuildConfig(
    new ConfigReader(build ? { berth: { workflows: { build } } } : {}),
  );

describe('readBuildConfig', () => {
  it('has defaults for BuildKit and no local builder', () => {
    expect(read()).toEqual({
      defaultBuilder: 'buildkit',
      cluster: undefined,
      namespace: 'berth-builds',
      timeoutSeconds: 1800,
      nodeSelector: {},
      tolerations: [],
      buildkit: {
        image: 'moby/buildkit:rootless',
        daemonFlags: '--oci-worker-no-process-sandbox',
        flags: [],
        cacheRef: '{image}:buildcache',
      },
    });
  });

  it('reads every setting', () => {
    expect(
      read({
        builder: 'local',
        cluster: 'local-east',
        namespace: 'builds',
        timeoutMinutes: 10,
        nodeSelector: { 'berth.dev/real-node': 'true' },
        tolerations: [
          {
            key: 'berth.dev/real-node',
            operator: 'Exists',
            effect: 'NoSchedule',
          },
          { key: 'dedicated', value: 'builds' },
        ],
        local: {
          image: 'berth/builder:latest',
          registryUrl: 'http://10.246.0.1:5000',
        },
        buildkit: {
          image: 'moby/buildkit:v0.99.0-rootless',
          daemonFlags: '--oci-worker-no-process-sandbox --debug',
          flags: ['--progress', 'plain'],
          cacheRef: 'cache.example.com/{image}:cache',
          resources: { memory: '4Gi' },
        },
      }),
    ).toEqual({
      defaultBuilder: 'local',
      cluster: 'local-east',
      namespace: 'builds',
      timeoutSeconds: 600,
      nodeSelector: { 'berth.dev/real-node': 'true' },
      tolerations: [
        {
          key: 'berth.dev/real-node',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
        { key: 'dedicated', operator: 'Equal', value: 'builds' },
      ],
      local: {
        image: 'berth/builder:latest',
        registryUrl: 'http://10.246.0.1:5000',
      },
      buildkit: {
        image: 'moby/buildkit:v0.99.0-rootless',
        daemonFlags: '--oci-worker-no-process-sandbox --debug',
        flags: ['--progress', 'plain'],
        cacheRef: 'cache.example.com/{image}:cache',
        resources: { memory: '4Gi' },
      },
    });
    expect(
      read({ buildkit: { cache: false } }).buildkit.cacheRef,
    ).toBeUndefined();
  });

  it.each([
    [
      { builder: 'kaniko' },
      "berth.workflows.build.builder must be 'local' or 'buildkit'",
    ],
    [{ timeoutMinutes: 0 }, 'timeoutMinutes must be between 1 and 1440'],
    [
      { nodeSelector: { a: 1 } },
      'nodeSelector must map label keys to string values',
    ],
    [
      { tolerations: [{ key: 'k', operator: 'Maybe' }] },
      'tolerations[0].operator must be Equal or Exists',
    ],
    [
      { tolerations: [{ key: 'k', effect: 'Sometimes' }] },
      'tolerations[0].effect must be one of',
    ],
    [
      { local: { image: 'b', registryUrl: '10.246.0.1:5000' } },
      'local.registryUrl must be http(s)://host[:port]',
    ],
    [
      { local: { registryUrl: 'http://10.246.0.1:5000' } },
      "Missing required config value at 'berth.workflows.build.local.image'",
    ],
  ])('refuses %j', (build, message) => {
    expect(() => read(build)).toThrow(message);
  });
});
