import { InputError } from '@backstage/errors';
import { V1PodSpec } from '@kubernetes/client-node';
import { posix } from 'node:path';
import { BuildSpec } from './buildJobInput';
import { BuildConfig } from './buildConfig';
import { basePodSpec, BUILD_CONTAINER } from './podCommon';

/**
 * The pod of a build with the local builder (tools/images/builder) on the
 * local clusters' real node: one unprivileged container, read-only root, no
 * capabilities, settings in BUILDER_* variables. It pulls the base and
 * pushes the image at `local.registryUrl`.
 */
export function localBuilderPod(
  spec: BuildSpec,
  config: BuildConfig,
): V1PodSpec {
  if (!config.local) {
    throw new InputError(
      "The local builder is not configured (berth.workflows.build.local: image and registryUrl); use builder 'buildkit'",
    );
  }
  if (Object.keys(spec.buildArgs).length > 0) {
    throw new InputError(
      "The local builder takes no build arguments (it runs nothing); use builder 'buildkit'",
    );
  }
  return {
    ...basePodSpec(config),
    containers: [
      {
        name: BUILD_CONTAINER,
        image: config.local.image,
        env: [
          { name: 'BUILDER_GIT_URL', value: spec.repo },
          { name: 'BUILDER_REVISION', value: spec.revision },
          { name: 'BUILDER_CONTEXT', value: spec.context },
          { name: 'BUILDER_FILE', value: posix.join(spec.context, spec.file) },
          { name: 'BUILDER_REGISTRY_URL', value: config.local.registryUrl },
          { name: 'BUILDER_IMAGE', value: spec.image },
          { name: 'BUILDER_TAG', value: spec.tag },
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
  };
}
