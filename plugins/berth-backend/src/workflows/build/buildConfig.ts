import { Config } from '@backstage/config';
import { readTolerations } from '../../shared/tolerations';
import { InputError } from '@backstage/errors';
import { V1Toleration } from '@kubernetes/client-node';

/** `berth.workflows.build`, read once at start. */
export interface BuildConfig {
  /** The builder of jobs that name none. */
  defaultBuilder: 'local' | 'buildkit';
  /** The cluster and namespace build Jobs run in. */
  cluster?: string;
  namespace: string;
  timeoutSeconds: number;
  nodeSelector: Record<string, string>;
  tolerations: V1Toleration[];
  local?: {
    /** The builder image (tools/images/builder), e.g. the real node's `berth/builder` by digest. */
    image: string;
    /** Where the builder pulls bases and pushes, as the pod reaches the registry: `http://10.246.0.1:5000`. */
    registryUrl: string;
  };
  buildkit: {
    image: string;
    /** BUILDKITD_FLAGS of the daemon buildctl-daemonless.sh starts. */
    daemonFlags: string;
    /** Extra `buildctl build` flags, appended. */
    flags: string[];
    /** Registry layer cache: a ref with `{image}` replaced by the image name; undefined: no cache. */
    cacheRef?: string;
    resources?: { cpu?: string; memory?: string };
  };
}

const DEFAULT_BUILDKIT_IMAGE = 'moby/buildkit:rootless';

/** Reads `berth.workflows.build` with its defaults; InputError naming the key on a bad value. */
export function readBuildConfig(config: Config): BuildConfig {
  const build = config.getOptionalConfig('berth.workflows.build');
  const key = (k: string) => `berth.workflows.build.${k}`;
  const defaultBuilder = build?.getOptionalString('builder') ?? 'buildkit';
  if (defaultBuilder !== 'local' && defaultBuilder !== 'buildkit') {
    throw new InputError(
      `${key(
        'builder',
      )} must be 'local' or 'buildkit', got '${defaultBuilder}'`,
    );
  }
  const timeoutMinutes = build?.getOptionalNumber('timeoutMinutes') ?? 30;
  if (!(timeoutMinutes > 0 && timeoutMinutes <= 24 * 60)) {
    throw new InputError(`${key('timeoutMinutes')} must be between 1 and 1440`);
  }
  // Read as a whole: label keys such as berth.dev/real-node are not config keys.
  const selector = build?.getOptional('nodeSelector') ?? {};
  if (
    typeof selector !== 'object' ||
    Array.isArray(selector) ||
    Object.values(selector).some(v => typeof v !== 'string')
  ) {
    throw new InputError(
      `${key('nodeSelector')} must map label keys to string values`,
    );
  }
  const nodeSelector = { ...(selector as Record<string, string>) };
  const tolerations = readTolerations(build, key);
  const local = build?.getOptionalConfig('local');
  const registryUrl = local?.getString('registryUrl');
  if (
    registryUrl !== undefined &&
    !/^https?:\/\/[^/\s]+\/?$/.test(registryUrl)
  ) {
    throw new InputError(
      `${key(
        'local.registryUrl',
      )} must be http(s)://host[:port], got '${registryUrl}'`,
    );
  }
  const buildkit = build?.getOptionalConfig('buildkit');
  const memory = buildkit?.getOptionalString('resources.memory');
  const cpu = buildkit?.getOptionalString('resources.cpu');
  return {
    defaultBuilder,
    cluster: build?.getOptionalString('cluster'),
    namespace: build?.getOptionalString('namespace') ?? 'berth-builds',
    timeoutSeconds: timeoutMinutes * 60,
    nodeSelector,
    tolerations,
    ...(local && {
      local: { image: local.getString('image'), registryUrl: registryUrl! },
    }),
    buildkit: {
      image: buildkit?.getOptionalString('image') ?? DEFAULT_BUILDKIT_IMAGE,
      daemonFlags:
        buildkit?.getOptionalString('daemonFlags') ??
        '--oci-worker-no-process-sandbox',
      flags: buildkit?.getOptionalStringArray('flags') ?? [],
      ...((buildkit?.getOptionalBoolean('cache') ?? true) && {
        cacheRef:
          buildkit?.getOptionalString('cacheRef') ?? '{image}:buildcache',
      }),
      ...((memory || cpu) && {
        resources: { ...(cpu && { cpu }), ...(memory && { memory }) },
      }),
    },
  };
}
