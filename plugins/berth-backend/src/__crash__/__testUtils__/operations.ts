import {
  BerthEnvironment,
  BerthOperation,
  DeploymentRecord,
  isTerminalOperationStatus,
} from '@berth/plugin-berth-common';
import { BackendProcess } from './backendProcess';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Fails with the answer in the message unless the status is the expected one. */
export function expectStatus<T>(
  answer: { status: number; body: T },
  status: number,
  what: string,
): T {
  if (answer.status !== status) {
    throw new Error(
      `${what} answered ${answer.status} (expected ${status}): ${JSON.stringify(
        answer.body,
      )}`,
    );
  }
  return answer.body;
}

/** Creates environments (with a deploy unless `deploy: false`); returns them with their operations. */
export async function createEnvironments(
  backend: BackendProcess,
  projectPath: string,
  environments: Array<{
    name: string;
    cluster: string;
    deploy?: boolean;
    values?: string;
  }>,
): Promise<{ items: BerthEnvironment[]; operations: BerthOperation[] }> {
  return expectStatus(
    await backend.api.post(`${projectPath}/environments`, {
      environments: environments.map(e => ({
        tier: 'testing',
        deploy: true,
        ...e,
      })),
    }),
    201,
    'Creating environments',
  );
}

/** One operation with its steps and events. */
export async function getOperation(
  backend: BackendProcess,
  environmentId: string,
  operationId: string,
): Promise<BerthOperation> {
  return expectStatus(
    await backend.api.get(
      `/environments/${environmentId}/operations/${operationId}`,
    ),
    200,
    `Reading operation ${operationId}`,
  );
}

/** The operations of an environment (newest first, up to 200). */
export async function listOperations(
  backend: BackendProcess,
  environmentId: string,
): Promise<BerthOperation[]> {
  return expectStatus(
    await backend.api.get(
      `/environments/${environmentId}/operations?limit=200`,
    ),
    200,
    `Listing the operations of ${environmentId}`,
  ).items;
}

/** The deployment records of an environment. */
export async function deploymentRecords(
  backend: BackendProcess,
  environmentId: string,
): Promise<DeploymentRecord[]> {
  return expectStatus(
    await backend.api.get(`/environments/${environmentId}/deployments`),
    200,
    `Listing the deployment records of ${environmentId}`,
  ).items;
}

/**
 * Polls an operation (every 100 ms) until `until` holds; fails after
 * `timeoutMs` with the operation's last state, or when it ended without
 * `until` holding.
 */
export async function waitForOperation(
  backend: BackendProcess,
  environmentId: string,
  operationId: string,
  until: (operation: BerthOperation) => boolean,
  timeoutMs: number,
  what: string,
): Promise<BerthOperation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const operation = await getOperation(backend, environmentId, operationId);
    if (until(operation)) return operation;
    if (isTerminalOperationStatus(operation.status)) {
      throw new Error(
        `Operation ${operationId} ended (${operation.status}: ${
          operation.message
        }) before ${what}; steps: ${describeSteps(operation)}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}; operation ${operationId} is ${
          operation.status
        }, steps: ${describeSteps(operation)}`,
      );
    }
    await sleep(100);
  }
}

/** Waits until an operation has ended; returns it with its steps and events. */
export async function waitTerminal(
  backend: BackendProcess,
  environmentId: string,
  operationId: string,
  timeoutMs: number,
): Promise<BerthOperation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const operation = await getOperation(backend, environmentId, operationId);
    if (isTerminalOperationStatus(operation.status)) return operation;
    if (Date.now() > deadline) {
      throw new Error(
        `Operation ${operationId} (${
          operation.kind
        }) did not end within ${timeoutMs} ms: ${operation.status}, attempts ${
          operation.attempts
        }, steps: ${describeSteps(operation)}; last events: ${(
          operation.events ?? []
        )
          .slice(-8)
          .map(e => `${e.level}: ${e.message}`)
          .join(' | ')}`,
      );
    }
    await sleep(250);
  }
}

/** A step's status by key. */
export function stepStatus(operation: BerthOperation, key: string) {
  return operation.steps?.find(s => s.key === key)?.status;
}

/** `group:1=succeeded, group:2=pending, ...` (top-level steps). */
export function describeSteps(operation: BerthOperation): string {
  return (operation.steps ?? [])
    .filter(s => !s.parent)
    .map(s => `${s.key}=${s.status}`)
    .join(', ');
}

/**
 * The pid of the backend process an operation last started (or resumed) on,
 * from its events (`Started on <host>:<pid>:<id>`); needs the events.
 */
export function startedOnPid(operation: BerthOperation): number | undefined {
  const started = (operation.events ?? [])
    .filter(e => /^(Started|Resumed .*) on /.test(e.message))
    .pop();
  const pid = Number(/ on [^:\s]+:(\d+):/.exec(started?.message ?? '')?.[1]);
  return Number.isFinite(pid) ? pid : undefined;
}

/** When an operation was last resumed (after an interruption), from its events. */
export function resumedAt(operation: BerthOperation): number | undefined {
  const resumed = (operation.events ?? [])
    .filter(e => e.message.startsWith('Resumed '))
    .pop();
  return resumed ? Date.parse(resumed.at) : undefined;
}
