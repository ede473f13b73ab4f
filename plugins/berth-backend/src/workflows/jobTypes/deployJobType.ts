import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  BerthProject,
  OperationActorType,
  ServiceSpec,
} from '@berth/plugin-berth-common';
import { BerthJobContext, BerthJobType } from '@berth/plugin-berth-node';
import { EnvironmentStore } from '../../database/EnvironmentStore';
import { EnvironmentService } from '../../environments/EnvironmentService';
import { StoredEnvironment } from '../../model/environment';
import { EnvironmentOperations } from '../../operations/EnvironmentOperations';
import {
  OperationStore,
  StoredOperation,
} from '../../operations/OperationStore';
import { ProjectService } from '../../projects/ProjectService';
import { ServiceStore } from '../../services/ServiceStore';
import { abortDeletesJob } from '../kubernetesJobs/abortDeletesJob';
import { imageOverrides, requestedImages } from './deployImages';
import {
  DeployCheckpoint,
  deployJobInput,
  DeployJobInput,
  deployJobOutput,
  isDeployCheckpoint,
} from './deployJobInput';
import { WaitAbortedError, waitForOperation } from './waitForOperation';

/** What the `deploy` job type uses: Berth's environments and their operations. */
export interface DeployJobDeps {
  environments: Pick<EnvironmentStore, 'get' | 'getById'>;
  projects: Pick<ProjectService, 'getProject'>;
  services: Pick<ServiceStore, 'getRevision'>;
  environmentService: Pick<
    EnvironmentService,
    'updateService' | 'checkDeployable'
  >;
  operations: Pick<EnvironmentOperations, 'start' | 'cancel'>;
  operationStore: Pick<OperationStore, 'get' | 'list'>;
  /** How often the deploy operation is read while the job waits. Default 1000. */
  pollIntervalMs?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `deploy` job: Berth's own deploy of an environment's services (image
 * overrides recorded in its settings first, as the environment page does),
 * queued as an environment operation (one deploy per environment at a
 * time, shared with deploys from the page) and waited for. The operation id
 * is the checkpoint: a resumed job never queues a second deploy, it waits
 * for (or reads the outcome of) the one it queued. Cancel and timeout cancel
 * the operation; a replica stopping leaves it running.
 */
export function createDeployJobType(
  deps: DeployJobDeps,
): BerthJobType<DeployJobInput> {
  return {
    name: 'Deploy services',
    description:
      "Deploys services of an environment of the workflow's project through Berth's environment operations",
    inputSchema: deployJobInput,
    outputSchema: deployJobOutput,
    run: async context => {
      const checkpoint =
        (isDeployCheckpoint(context.checkpoint.saved)
          ? context.checkpoint.saved
          : undefined) ?? (await queuedBefore(deps, context));
      if (checkpoint) {
        context.logger.info(
          `Resuming: waiting for deploy operation ${checkpoint.operationId} queued before`,
        );
        await follow(deps, context, checkpoint);
        return;
      }
      const started = await startDeploy(deps, context);
      await context.checkpoint.save(started);
      await follow(deps, context, started);
    },
  };
}

/** The operation this job run queued, found by its job run id (crashed before its checkpoint was saved). */
async function queuedBefore(
  deps: DeployJobDeps,
  context: BerthJobContext<DeployJobInput>,
): Promise<DeployCheckpoint | undefined> {
  if (!context.resumed) return undefined;
  const environment = await findEnvironment(deps, context).catch(
    () => undefined,
  );
  if (!environment) return undefined;
  const operations = await deps.operationStore.list({
    environmentId: environment.id,
    limit: 100,
  });
  const mine = operations.find(
    o => (o.spec as { jobRunId?: unknown })?.jobRunId === context.run.jobRunId,
  );
  if (!mine) return undefined;
  const found = { operationId: mine.id, environmentId: environment.id };
  await context.checkpoint.save(found);
  return found;
}

async function findEnvironment(
  deps: DeployJobDeps,
  context: BerthJobContext<DeployJobInput>,
): Promise<StoredEnvironment> {
  const { environment: wanted } = context.params;
  const { projectRef } = context.run;
  const byName = await deps.environments
    .get(projectRef, wanted)
    .catch(error => {
      if (error instanceof NotFoundError && UUID.test(wanted)) return undefined;
      throw error;
    });
  const environment = byName ?? (await deps.environments.getById(wanted));
  if (environment.projectRef !== projectRef) {
    throw new NotAllowedError(
      `Environment '${wanted}' is not of the workflow's project ${projectRef}`,
    );
  }
  return environment;
}

async function startDeploy(
  deps: DeployJobDeps,
  context: BerthJobContext<DeployJobInput>,
): Promise<DeployCheckpoint> {
  const { params, run, logger } = context;
  let environment = await findEnvironment(deps, context);
  const project = await deps.projects.getProject(environment.projectRef);
  const known = new Set(project.services.map(s => s.name));
  const unknown = (params.services ?? []).filter(s => !known.has(s));
  if (unknown.length > 0) {
    throw new NotFoundError(
      `Project '${project.name}' has no service(s) ${unknown.join(', ')}`,
    );
  }
  environment = await recordImages(deps, context, project, environment);
  await deps.environmentService.checkDeployable(
    params.services
      ? {
          ...project,
          services: project.services.filter(s =>
            params.services!.includes(s.name),
          ),
        }
      : project,
    environment,
  );
  const what = params.services
    ? `Deploy ${params.services.join(', ')}`
    : 'Deploy all services';
  const operation = await deps.operations.start(
    environment,
    {
      kind: params.services ? 'deploy-service' : 'deploy',
      title: `${what} (workflow job ${run.job})`,
      spec: {
        ...(params.services && { services: params.services }),
        jobRunId: run.jobRunId,
      },
    },
    { ref: run.createdBy, type: actorType(run.createdBy) },
  );
  logger.info(
    `${what} into environment '${environment.name}': operation ${operation.id}${
      operation.queuedBehind
        ? `, queued behind operation ${operation.queuedBehind}`
        : ''
    }`,
  );
  return { operationId: operation.id, environmentId: environment.id };
}

/** Records the requested image overrides in the environment's settings, merged with its other images. */
async function recordImages(
  deps: DeployJobDeps,
  context: BerthJobContext<DeployJobInput>,
  project: BerthProject,
  environment: StoredEnvironment,
): Promise<StoredEnvironment> {
  const requested = requestedImages(context.params, context.upstream);
  if (Object.keys(requested).length === 0) return environment;
  const specs = new Map<string, ServiceSpec>();
  for (const key of Object.keys(requested)) {
    const service = key.split('.')[0];
    if (specs.has(service)) continue;
    const info = project.services.find(s => s.name === service);
    if (!info) {
      throw new NotFoundError(
        `images.${key}: project '${project.name}' has no service '${service}'`,
      );
    }
    const revision =
      environment.services[service]?.revision ?? info.latestRevision;
    const found = await deps.services.getRevision(
      project.ref,
      service,
      revision,
    );
    specs.set(service, found.spec);
  }
  const overrides = imageOverrides(requested, s => specs.get(s)!);
  let current = environment;
  for (const service of new Set(overrides.map(o => o.service))) {
    const images = Object.fromEntries(
      overrides.filter(o => o.service === service).map(o => [o.image, o.ref]),
    );
    current = await deps.environmentService.updateService(
      project,
      current,
      service,
      { images: { ...current.services[service]?.images, ...images } },
    );
    context.logger.info(
      `Images of ${service}: ${Object.entries(images)
        .map(([image, ref]) => `${image} = ${ref}`)
        .join(', ')}`,
    );
  }
  return current;
}

/** Waits for the deploy operation and sets the outputs; throws unless it succeeded. */
async function follow(
  deps: DeployJobDeps,
  context: BerthJobContext<DeployJobInput>,
  checkpoint: DeployCheckpoint,
): Promise<void> {
  const { operationId, environmentId } = checkpoint;
  context.output('operationId', operationId);
  context.output('environmentId', environmentId);
  let ended: StoredOperation;
  try {
    ended = await waitForOperation(
      id => deps.operationStore.get(id),
      operationId,
      {
        intervalMs: deps.pollIntervalMs ?? 1000,
        signal: context.signal,
        onStatus: operation =>
          context.logger.info(`Operation ${operationId}: ${operation.status}`),
      },
    );
  } catch (error) {
    if (error instanceof WaitAbortedError && abortDeletesJob(error.reason)) {
      await deps.operations
        .cancel(environmentId, operationId, context.run.createdBy)
        .then(
          () =>
            context.logger.warn(
              `Asked deploy operation ${operationId} to stop (${String(
                error.reason,
              )})`,
            ),
          cancelError =>
            context.logger.warn(
              `Could not cancel deploy operation ${operationId}: ${cancelError}`,
            ),
        );
    }
    throw error;
  }
  if (ended.status !== 'succeeded') {
    throw new Error(
      `Deploy operation ${operationId} ${ended.status}${
        ended.message ? `: ${ended.message}` : ''
      }`,
    );
  }
  context.logger.info(ended.message ?? `Operation ${operationId} succeeded`);
}

function actorType(ref: string): OperationActorType {
  return ref.startsWith('user:') ? 'user' : 'service';
}
