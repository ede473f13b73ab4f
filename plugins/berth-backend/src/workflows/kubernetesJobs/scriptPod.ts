import { V1EnvVar, V1PodSpec, V1VolumeMount } from '@kubernetes/client-node';

/** Where the job's outputs file is (an emptyDir, writable whatever the image's user). */
export const OUTPUTS_PATH = '/berth/outputs.json';
const TOOLS_DIR = '/berth-tools';

/** The shell script of a job's `commands`: a list runs with `set -e`, one command after the other. */
export function scriptOf(commands: string | string[]): string {
  return typeof commands === 'string'
    ? commands
    : ['set -e', ...commands].join('\n');
}

/**
 * The pod of a script or test job: one container `job` running the script
 * through the job runner (which writes outputs and the JUnit summary to the
 * termination message). In another image than the runner's, an init
 * container first copies the (static) runner into an emptyDir, and the
 * script runs with that image's /bin/sh.
 */
export function scriptPod(input: {
  image?: string;
  commands: string | string[];
  env?: Record<string, string>;
  junit?: string | string[];
  runnerImage: string;
}): V1PodSpec {
  const image = input.image ?? input.runnerImage;
  const ownImage = image !== input.runnerImage;
  const env: V1EnvVar[] = [
    ...Object.entries(input.env ?? {}).map(([name, value]) => ({
      name,
      value,
    })),
    { name: 'OUTPUTS_PATH', value: OUTPUTS_PATH },
  ];
  if (input.junit !== undefined) {
    const globs = typeof input.junit === 'string' ? [input.junit] : input.junit;
    env.push({ name: 'JUNIT_PATHS', value: globs.join('\n') });
  }
  const mounts: V1VolumeMount[] = [{ name: 'berth', mountPath: '/berth' }];
  if (ownImage) mounts.push({ name: 'berth-tools', mountPath: TOOLS_DIR });
  return {
    ...(ownImage
      ? {
          initContainers: [
            {
              name: 'berth-tools',
              image: input.runnerImage,
              command: ['/bin/cp', '/bin/jobrunner', `${TOOLS_DIR}/jobrunner`],
              volumeMounts: [{ name: 'berth-tools', mountPath: TOOLS_DIR }],
            },
          ],
        }
      : {}),
    containers: [
      {
        name: 'job',
        image,
        ...(ownImage ? { command: [`${TOOLS_DIR}/jobrunner`] } : {}),
        args: [scriptOf(input.commands)],
        env,
        volumeMounts: mounts,
        terminationMessagePolicy: 'File',
      },
    ],
    volumes: [
      { name: 'berth', emptyDir: {} },
      ...(ownImage ? [{ name: 'berth-tools', emptyDir: {} }] : []),
    ],
  };
}
