import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BuildSpec } from './buildJobInput';
import { BUILDKIT_SCRIPT, buildkitPod } from './buildkitPod';
import { localBuilderPod } from './localBuilderPod';
import { buildTestConfig } from './__testUtils__/buildTestConfig';

const spec: BuildSpec = {
  repo: 'http://10.246.0.1:9418/shop.git',
  revision: 'main',
  image: 'registry.example.com/shop/web',
  tag: 'v1',
  context: 'services/web',
  file: 'Dockerfile.prod',
  builder: 'local',
  buildArgs: {},
};
const placement = {
  restartPolicy: 'Never',
  automountServiceAccountToken: false,
  enableServiceLinks: false,
  nodeSelector: { 'berth.dev/real-node': 'true' },
  tolerations: [
    { key: 'berth.dev/real-node', operator: 'Exists', effect: 'NoSchedule' },
  ],
};

describe('localBuilderPod', () => {
  it('runs the builder image unprivileged with the build in BUILDER_* variables, on the real node', () => {
    const config = buildTestConfig();
    expect(localBuilderPod(spec, config)).toEqual({
      ...placement,
      containers: [
        {
          name: 'build',
          image: config.local!.image,
          env: [
            {
              name: 'BUILDER_GIT_URL',
              value: 'http://10.246.0.1:9418/shop.git',
            },
            { name: 'BUILDER_REVISION', value: 'main' },
            { name: 'BUILDER_CONTEXT', value: 'services/web' },
            { name: 'BUILDER_FILE', value: 'services/web/Dockerfile.prod' },
            { name: 'BUILDER_REGISTRY_URL', value: 'http://10.246.0.1:5000' },
            { name: 'BUILDER_IMAGE', value: 'registry.example.com/shop/web' },
            { name: 'BUILDER_TAG', value: 'v1' },
          ],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65534,
            runAsGroup: 65534,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
          resources: {
            requests: { cpu: '100m', memory: '128Mi' },
            limits: { memory: '1Gi' },
          },
        },
      ],
    });
  });

  it('is refused when the local builder is not configured or build arguments are given', () => {
    expect(() =>
      localBuilderPod(spec, buildTestConfig({ local: undefined })),
    ).toThrow(
      /The local builder is not configured \(berth.workflows.build.local/,
    );
    expect(() =>
      localBuilderPod({ ...spec, buildArgs: { A: '1' } }, buildTestConfig()),
    ).toThrow(/takes no build arguments/);
  });

  it('places nothing when no node selector or toleration is configured', () => {
    const pod = localBuilderPod(
      { ...spec, context: '.', file: 'Dockerfile' },
      buildTestConfig({ nodeSelector: undefined, tolerations: undefined }),
    );
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.tolerations).toBeUndefined();
    expect(pod.containers[0].env).toContainEqual({
      name: 'BUILDER_FILE',
      value: 'Dockerfile',
    });
  });
});

describe('buildkitPod', () => {
  const bk = { ...spec, builder: 'buildkit' as const };

  it('runs buildctl-daemonless.sh rootless with the Git context, push, registry cache and push credentials', () => {
    const config = buildTestConfig({
      buildkit: {
        image: 'moby/buildkit:v0.99.0-rootless',
        flags: ['--progress', 'plain'],
        cacheRef: 'registry.example.com/cache/{image}-cache:buildcache',
        resources: { cpu: '1', memory: '2Gi' },
      },
    });
    const pod = buildkitPod(
      { ...bk, buildArgs: { VERSION: '1.2 "quoted"', A: 'x=y' } },
      config,
      { pushSecret: 'berth-push-example' },
    );
    expect(pod).toEqual({
      ...placement,
      securityContext: { fsGroup: 1000 },
      containers: [
        {
          name: 'build',
          image: 'moby/buildkit:v0.99.0-rootless',
          command: ['sh', '-c', BUILDKIT_SCRIPT, 'buildctl'],
          args: [
            '--frontend',
            'dockerfile.v0',
            '--opt',
            'context=http://10.246.0.1:9418/shop.git#main:services/web',
            '--opt',
            'filename=Dockerfile.prod',
            '--opt',
            'build-arg:A=x=y',
            '--opt',
            'build-arg:VERSION=1.2 "quoted"',
            '--output',
            'type=image,name=registry.example.com/shop/web:v1,push=true',
            '--export-cache',
            'type=registry,ref=registry.example.com/cache/registry.example.com/shop/web-cache:buildcache,mode=max',
            '--import-cache',
            'type=registry,ref=registry.example.com/cache/registry.example.com/shop/web-cache:buildcache',
            '--progress',
            'plain',
          ],
          env: [
            {
              name: 'BUILDKITD_FLAGS',
              value: '--oci-worker-no-process-sandbox',
            },
            { name: 'BERTH_IMAGE', value: 'registry.example.com/shop/web:v1' },
            { name: 'DOCKER_CONFIG', value: '/home/user/.docker' },
          ],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            seccompProfile: { type: 'Unconfined' },
            appArmorProfile: { type: 'Unconfined' },
          },
          resources: {
            requests: { cpu: '1', memory: '2Gi' },
            limits: { memory: '2Gi' },
          },
          volumeMounts: [
            {
              name: 'buildkitd',
              mountPath: '/home/user/.local/share/buildkit',
            },
            {
              name: 'push-credentials',
              mountPath: '/home/user/.docker',
              readOnly: true,
            },
          ],
        },
      ],
      volumes: [
        { name: 'buildkitd', emptyDir: {} },
        {
          name: 'push-credentials',
          secret: {
            secretName: 'berth-push-example',
            items: [{ key: '.dockerconfigjson', path: 'config.json' }],
            defaultMode: 0o440,
          },
        },
      ],
    });
  });

  it('uses the defaults: rootless image, image:buildcache cache, no credentials, insecure registries marked', () => {
    const pod = buildkitPod(
      { ...bk, context: '.', file: 'Dockerfile' },
      buildTestConfig(),
      {
        insecure: true,
      },
    );
    const [container] = pod.containers;
    expect(container.image).toBe('moby/buildkit:rootless');
    expect(container.args).toEqual([
      '--frontend',
      'dockerfile.v0',
      '--opt',
      'context=http://10.246.0.1:9418/shop.git#main',
      '--opt',
      'filename=Dockerfile',
      '--output',
      'type=image,name=registry.example.com/shop/web:v1,push=true,registry.insecure=true',
      '--export-cache',
      'type=registry,ref=registry.example.com/shop/web:buildcache,mode=max,registry.insecure=true',
      '--import-cache',
      'type=registry,ref=registry.example.com/shop/web:buildcache,registry.insecure=true',
    ]);
    expect(container.env!.map(e => e.name)).toEqual([
      'BUILDKITD_FLAGS',
      'BERTH_IMAGE',
    ]);
    expect(pod.volumes).toEqual([{ name: 'buildkitd', emptyDir: {} }]);
    expect(container.resources).toBeUndefined();
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('has no cache flags when the cache is off', () => {
    const pod = buildkitPod(
      bk,
      buildTestConfig({ buildkit: { cache: false } }),
    );
    expect(pod.containers[0].args!.join(' ')).not.toMatch(/cache/);
  });
});

// The pod's shell script, run by a real sh with a stand-in for buildctl-daemonless.sh (BuildKit
// itself cannot run here): the arguments arrive unchanged, the digest is read from the metadata file
// (indented or not) and written as the termination message; a failed build writes an error.
describe('the BuildKit pod script', () => {
  const run = promisify(execFile);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-buildkit-script-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const digest = `sha256:${'c'.repeat(64)}`;
  const runScript = async (fakeBuildctl: string, args: string[]) => {
    await writeFile(join(dir, 'buildctl-daemonless.sh'), fakeBuildctl);
    await chmod(join(dir, 'buildctl-daemonless.sh'), 0o755);
    const env = {
      PATH: `${dir}:${process.env.PATH}`,
      TMPDIR: dir,
      TERMINATION_MESSAGE_PATH: join(dir, 'message'),
      BERTH_IMAGE: 'registry.example.com/shop/web:v1',
    };
    const result = await run(
      'sh',
      ['-c', BUILDKIT_SCRIPT, 'buildctl', ...args],
      { env },
    ).then(
      r => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({
        code: e.code,
        stdout: e.stdout,
      }),
    );
    const message = await readFile(join(dir, 'message'), 'utf8').catch(
      () => '',
    );
    return { ...result, message };
  };
  // Records its arguments and writes a metadata file as buildctl does.
  const fake = (metadata: string, exit = 0) =>
    [
      '#!/bin/sh',
      `for a in "$@"; do printf '%s\\n' "$a"; done > "${'$'}TMPDIR/args"`,
      'while [ $# -gt 0 ]; do [ "$1" = --metadata-file ] && out=$2; shift; done',
      `cat > "$out" <<'JSON'`,
      metadata,
      'JSON',
      `exit ${exit}`,
    ].join('\n');

  it.each([
    [
      'indented',
      `{\n  "containerimage.config.digest": "sha256:${'a'.repeat(
        64,
      )}",\n  "containerimage.digest": "${digest}",\n  "image.name": "x"\n}`,
    ],
    [
      'compact',
      `{"containerimage.config.digest":"sha256:${'a'.repeat(
        64,
      )}","containerimage.digest":"${digest}"}`,
    ],
  ])(
    'writes image and digest from %s metadata and passes the arguments unchanged',
    async (_, metadata) => {
      const args = [
        '--opt',
        'build-arg:V=a "b" $(rm -rf /)',
        '--output',
        'type=image,name=x,push=true',
      ];
      const result = await runScript(fake(metadata), args);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.message)).toEqual({
        image: 'registry.example.com/shop/web:v1',
        digest,
      });
      expect(result.stdout).toContain(
        `pushed registry.example.com/shop/web:v1@${digest}`,
      );
      const passed = (await readFile(join(dir, 'args'), 'utf8'))
        .trim()
        .split('\n');
      expect(passed).toEqual([
        'build',
        ...args,
        '--metadata-file',
        join(dir, 'berth-build-metadata.json'),
      ]);
    },
  );

  it('writes an error with the exit code when buildctl fails, and when it wrote no digest', async () => {
    const failed = await runScript(fake('{}', 3), []);
    expect(failed.code).toBe(3);
    expect(JSON.parse(failed.message)).toEqual({
      error: 'buildctl exited with code 3 (see the log)',
    });
    const noDigest = await runScript(fake('{"image.name":"x"}'), []);
    expect(noDigest.code).toBe(1);
    expect(JSON.parse(noDigest.message)).toEqual({
      error: 'buildctl wrote no image digest',
    });
  });
});
