import { V1PodSpec, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { BuildSpec } from './buildJobInput';
import { BuildConfig } from './buildConfig';
import { basePodSpec, BUILD_CONTAINER } from './podCommon';

/** Where rootless BuildKit (user 1000) keeps its state and reads registry credentials. */
export const BUILDKIT_HOME = '/home/user';
const METADATA = '"${TMPDIR:-/tmp}/berth-build-metadata.json"';
const MESSAGE = '"${TERMINATION_MESSAGE_PATH:-/dev/termination-log}"';

/**
 * Runs buildctl-daemonless.sh with the arguments after the script, then
 * writes `{"image", "digest"}` (the digest from buildctl's metadata file) or
 * `{"error"}` to the termination message. Values arrive as arguments and
 * variables, never inside the script text.
 */
export const BUILDKIT_SCRIPT = [
  'set -u',
  `buildctl-daemonless.sh build "$@" --metadata-file ${METADATA} || {`,
  '  code=$?',
  `  printf '{"error":"buildctl exited with code %s (see the log)"}' "$code" > ${MESSAGE}`,
  '  exit "$code"',
  '}',
  `digest=$(sed -n 's/.*"containerimage\\.digest": *"\\(sha256:[0-9a-f]\\{64\\}\\)".*/\\1/p' ${METADATA} | head -n 1)`,
  'if [ -z "$digest" ]; then',
  `  printf '{"error":"buildctl wrote no image digest"}' > ${MESSAGE}`,
  '  exit 1',
  'fi',
  `printf '{"image":"%s","digest":"%s"}' "$BERTH_IMAGE" "$digest" > ${MESSAGE}`,
  'echo "pushed $BERTH_IMAGE@$digest"',
].join('\n');

/** How the pod reaches the image's registry: its push Secret (docker config) and whether it is plain HTTP. */
export interface BuildkitRegistryAccess {
  /** A `kubernetes.io/dockerconfigjson` Secret in the build namespace, mounted as ~/.docker/config.json. */
  pushSecret?: string;
  /** Plain HTTP or an untrusted certificate (`berth.registries` insecure/plainHttp). */
  insecure?: boolean;
}

/** The cache ref of an image: `cacheRef` with `{image}` replaced. */
export function buildkitCacheRef(
  config: BuildConfig,
  image: string,
): string | undefined {
  return config.buildkit.cacheRef
    ? config.buildkit.cacheRef.split('{image}').join(image)
    : undefined;
}

/** The `buildctl build` arguments of a build (after `build`). */
export function buildctlArgs(
  spec: BuildSpec,
  config: BuildConfig,
  access: BuildkitRegistryAccess = {},
): string[] {
  const insecure = access.insecure ? ',registry.insecure=true' : '';
  const context =
    spec.context === '.' || spec.context === './'
      ? `${spec.repo}#${spec.revision}`
      : `${spec.repo}#${spec.revision}:${spec.context.replace(/\/+$/, '')}`;
  const args = [
    '--frontend',
    'dockerfile.v0',
    '--opt',
    `context=${context}`,
    '--opt',
    `filename=${spec.file}`,
  ];
  for (const name of Object.keys(spec.buildArgs).sort()) {
    args.push('--opt', `build-arg:${name}=${spec.buildArgs[name]}`);
  }
  args.push(
    '--output',
    `type=image,name=${spec.image}:${spec.tag},push=true${insecure}`,
  );
  const cache = buildkitCacheRef(config, spec.image);
  if (cache) {
    args.push(
      '--export-cache',
      `type=registry,ref=${cache},mode=max${insecure}`,
      '--import-cache',
      `type=registry,ref=${cache}${insecure}`,
    );
  }
  return [...args, ...config.buildkit.flags];
}

/**
 * The pod of a build with rootless BuildKit (the production builder):
 * buildctl-daemonless.sh fetches the Git revision itself (BuildKit's Git
 * context), builds the Dockerfile, pushes the image and the registry layer
 * cache. Rootless BuildKit needs seccomp and AppArmor Unconfined, user 1000
 * and `--oci-worker-no-process-sandbox`; it uses newuidmap, so privilege
 * escalation stays allowed. No service account token.
 */
export function buildkitPod(
  spec: BuildSpec,
  config: BuildConfig,
  access: BuildkitRegistryAccess = {},
): V1PodSpec {
  const volumes: V1Volume[] = [{ name: 'buildkitd', emptyDir: {} }];
  const mounts: V1VolumeMount[] = [
    { name: 'buildkitd', mountPath: `${BUILDKIT_HOME}/.local/share/buildkit` },
  ];
  const env = [
    { name: 'BUILDKITD_FLAGS', value: config.buildkit.daemonFlags },
    { name: 'BERTH_IMAGE', value: `${spec.image}:${spec.tag}` },
  ];
  if (access.pushSecret) {
    volumes.push({
      name: 'push-credentials',
      secret: {
        secretName: access.pushSecret,
        items: [{ key: '.dockerconfigjson', path: 'config.json' }],
        defaultMode: 0o440,
      },
    });
    mounts.push({
      name: 'push-credentials',
      mountPath: `${BUILDKIT_HOME}/.docker`,
      readOnly: true,
    });
    env.push({ name: 'DOCKER_CONFIG', value: `${BUILDKIT_HOME}/.docker` });
  }
  const { resources } = config.buildkit;
  return {
    ...basePodSpec(config),
    // The secret's files are group-readable by BuildKit's user.
    securityContext: { fsGroup: 1000 },
    containers: [
      {
        name: BUILD_CONTAINER,
        image: config.buildkit.image,
        command: ['sh', '-c', BUILDKIT_SCRIPT, 'buildctl'],
        args: buildctlArgs(spec, config, access),
        env,
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 1000,
          runAsGroup: 1000,
          seccompProfile: { type: 'Unconfined' },
          appArmorProfile: { type: 'Unconfined' },
        },
        ...(resources && {
          resources: {
            requests: { ...resources },
            ...(resources.memory && { limits: { memory: resources.memory } }),
          },
        }),
        volumeMounts: mounts,
      },
    ],
    volumes,
  };
}
