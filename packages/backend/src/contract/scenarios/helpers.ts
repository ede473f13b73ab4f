import {
  BerthEnvironment,
  BerthOperation,
  CreateEnvironmentRequest,
} from '@berth/plugin-berth-common';
import { ContractContext } from '../contract';

/** What is compared of an environment. */
export function environmentView(e: BerthEnvironment) {
  return {
    id: e.id,
    projectRef: e.projectRef,
    name: e.name,
    cluster: e.cluster,
    namespace: e.namespace,
    tier: e.tier,
    values: e.values,
    services: e.services,
    namespaceCreated: e.namespaceCreated,
    createdBy: e.createdBy,
    availableRevisions: e.availableRevisions,
  };
}

/** What is compared of an operation (without its steps' times). */
export function operationView(o: BerthOperation) {
  return {
    id: o.id,
    kind: o.kind,
    title: o.title,
    environmentId: o.environmentId,
    projectRef: o.projectRef,
    status: o.status,
    actor: o.actor,
    queuedBehind: o.queuedBehind,
    cancelRequested: o.cancelRequested,
  };
}

/** An ended operation: its outcome and its steps' keys and outcomes. */
export function endedView(o: BerthOperation) {
  return {
    ...operationView(o),
    message: o.message,
    steps: o.steps?.map(s => ({ key: s.key, status: s.status })),
  };
}

/** Only the environments of this scenario, by name, sorted. */
export function ownNames(c: ContractContext, items: Array<{ name: string }>) {
  return items
    .map(e => e.name)
    .filter(n => n.startsWith(c.name('')))
    .sort();
}

/**
 * Creates one environment of the scenario (not deployed unless asked) and
 * waits for its operation; the environment as created.
 */
export async function createEnvironment(
  c: ContractContext,
  suffix: string,
  request: Partial<CreateEnvironmentRequest> = {},
): Promise<BerthEnvironment> {
  const created = await c.must(
    `create ${suffix}`,
    () =>
      c.api.createEnvironments(c.project, [
        {
          name: c.name(suffix),
          cluster: c.clusters[0],
          tier: 'development',
          deploy: false,
          ...request,
        },
      ]),
    {
      pick: r => ({
        items: r.items.map(environmentView),
        operations: r.operations.map(operationView),
      }),
    },
  );
  const operation = await c.settle(
    created.items[0].id,
    created.operations[0].id,
  );
  c.note(`create ${suffix} ended`, endedView(operation));
  return created.items[0];
}

/** Deletes an environment and waits until the delete ended. */
export async function deleteEnvironment(
  c: ContractContext,
  environment: BerthEnvironment,
  options: { keepResources?: boolean } = {},
): Promise<void> {
  const { operation } = await c.must(
    `delete ${environment.name}`,
    () => c.api.deleteEnvironment(environment.id, options),
    { pick: r => operationView(r.operation) },
  );
  const ended = await c.settle(environment.id, operation.id);
  c.note(`delete ${environment.name} ended`, {
    status: ended.status,
    kind: ended.kind,
  });
}

/** A create request refused: the error, and nothing of the scenario created. */
export async function refusedCreate(
  c: ContractContext,
  label: string,
  requests: Array<Partial<CreateEnvironmentRequest>>,
): Promise<void> {
  await c.step(label, () =>
    c.api.createEnvironments(
      c.project,
      requests.map(r => ({
        name: c.name('x'),
        cluster: c.clusters[0],
        tier: 'development',
        deploy: false,
        ...r,
      })) as CreateEnvironmentRequest[],
    ),
  );
  await c.step('environments after', () => c.api.listEnvironments(c.project), {
    pick: items => ownNames(c, items),
  });
}
