import { CustomErrorBase, InputError } from '@backstage/errors';
import { KubernetesJobContext, readCheckpoint } from './KubernetesJobContext';
import {
  JOB_RUN_LABEL,
  KubernetesJobRequest,
  KubernetesJobResult,
  WORKFLOW_RUN_LABEL,
} from './KubernetesJobRequest';
import { kubernetesJobName } from './kubernetesJobName';
import { KubernetesJobSettings } from './readKubernetesJobSettings';
import { parseRunnerMessage, RunnerMessage } from './runnerMessage';
import { ScriptJobInput, TestJobInput } from './scriptJobInput';
import { scriptPod } from './scriptPod';
import { showSlotWait } from './showSlotWait';

/** What the `script` and `test` job types need. */
export interface ScriptJobTypeOptions {
  runner: { run(request: KubernetesJobRequest): Promise<KubernetesJobResult> };
  settings: Pick<
    KubernetesJobSettings,
    'runnerImage' | 'namespaces' | 'defaultTimeoutSeconds'
  >;
  /** The environments of Berth (EnvironmentStore): a job's `environment` is one of the run's project. */
  environments: {
    get(
      projectRef: string,
      name: string,
    ): Promise<{ cluster: string; namespace: string }>;
  };
}

/** A script or test job's Kubernetes Job failed. */
export class ScriptJobFailedError extends CustomErrorBase {
  name = 'ScriptJobFailedError' as const;
}

/**
 * Runs one attempt of a script or test job as a Kubernetes Job (or
 * re-attaches to it when resumed), gives its outputs, and resolves with the
 * job runner's message. Throws ScriptJobFailedError when the container did
 * not exit with 0, an expected output is missing, or the runner reported a
 * problem (outputs file, test reports).
 */
export async function runScriptJob(
  context: KubernetesJobContext<ScriptJobInput | TestJobInput>,
  options: ScriptJobTypeOptions,
  type: 'script' | 'test',
): Promise<RunnerMessage | undefined> {
  const { params, run } = context;
  let target = readCheckpoint(context.checkpoint.saved);
  if (!target) {
    const where = await jobTarget(params, run.projectRef, options);
    target = {
      ...where,
      name: kubernetesJobName(run.runId, run.job, run.attempt),
    };
    await context.checkpoint.save(target);
  }
  const sinceTime = context.resumed
    ? await context.lastLogTimestamp?.()
    : undefined;
  const log = context.log;
  const result = await options.runner.run({
    ...target,
    labels: {
      [WORKFLOW_RUN_LABEL]: run.runId,
      [JOB_RUN_LABEL]: run.jobRunId,
      'berth.dev/job-type': type,
    },
    pod: scriptPod({
      ...params,
      runnerImage: options.settings.runnerImage,
    }),
    timeoutSeconds: context.deadline
      ? Math.max(1, Math.ceil((context.deadline.getTime() - Date.now()) / 1000))
      : options.settings.defaultTimeoutSeconds,
    ...(sinceTime ? { sinceTime } : {}),
    onLog: log
      ? (text, at) => log(text, at)
      : text => context.logger.info(text),
    onWaiting: showSlotWait(context),
    signal: context.signal,
  });
  const message = parseRunnerMessage(result.terminationMessage);
  for (const [name, value] of Object.entries(message?.outputs ?? {})) {
    context.output(name, value);
  }
  const problems: string[] = [];
  if (result.exitCode !== 0) {
    problems.push(
      result.reason === 'DeadlineExceeded'
        ? 'timed out (DeadlineExceeded)'
        : `exited with code ${result.exitCode}${
            result.reason ? ` (${result.reason})` : ''
          }${
            !message && result.terminationMessage
              ? `: ${result.terminationMessage.trim()}`
              : ''
          }`,
    );
  }
  const missing = (params.outputs ?? []).filter(
    name => message?.outputs[name] === undefined,
  );
  if (missing.length) {
    problems.push(
      `did not give the output${missing.length > 1 ? 's' : ''} ${missing.join(
        ', ',
      )} (write them to /berth/outputs.json)`,
    );
  }
  problems.push(...(message?.errors ?? []));
  if (problems.length && type === 'script') {
    throw new ScriptJobFailedError(
      `Job '${target.name}' ${problems.join('; ')}`,
    );
  }
  if (type === 'test') {
    return testVerdict(context, message, problems, target.name);
  }
  return message;
}

function testVerdict(
  context: KubernetesJobContext<unknown>,
  message: RunnerMessage | undefined,
  problems: string[],
  name: string,
): RunnerMessage | undefined {
  const tests = message?.tests;
  if (tests) {
    context.output('passed', tests.passed);
    context.output('failed', tests.failed);
    context.output('skipped', tests.skipped);
    context.output('failures', tests.failures);
    if (tests.failed > 0) {
      const more = tests.failed - tests.failures.length;
      problems.unshift(
        `${tests.failed} test${
          tests.failed > 1 ? 's' : ''
        } failed: ${tests.failures.join(', ')}${
          more > 0 ? ` and ${more} more` : ''
        }`,
      );
    }
  }
  if (problems.length) {
    throw new ScriptJobFailedError(`Job '${name}' ${problems.join('; ')}`);
  }
  return message;
}

async function jobTarget(
  params: ScriptJobInput,
  projectRef: string,
  options: ScriptJobTypeOptions,
): Promise<{ cluster: string; namespace: string }> {
  if (params.environment) {
    const env = await options.environments.get(projectRef, params.environment);
    if (params.cluster && params.cluster !== env.cluster) {
      throw new InputError(
        `Environment '${params.environment}' is on cluster '${env.cluster}', not '${params.cluster}'`,
      );
    }
    return { cluster: env.cluster, namespace: env.namespace };
  }
  if (!params.namespace || !params.cluster) {
    throw new InputError(
      'A script job needs an environment, or a cluster and namespace',
    );
  }
  if (!options.settings.namespaces.includes(params.namespace)) {
    throw new InputError(
      `Namespace '${params.namespace}' is not in berth.workflows.jobs.namespaces`,
    );
  }
  return { cluster: params.cluster, namespace: params.namespace };
}
