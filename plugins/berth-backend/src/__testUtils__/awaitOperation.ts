import {
  BerthOperation,
  isTerminalOperationStatus,
} from '@berth/plugin-berth-common';
import request from 'supertest';

/** What supertest's `request` takes: a server, an app, or a base URL. */
export type TestServer = Parameters<typeof request>[0];

export interface AwaitOperationOptions {
  /** Sent with every request (e.g. an identity's authorization header). */
  headers?: Record<string, string>;
  /** Default 120 s. */
  timeoutMs?: number;
  /** Default 200 ms. */
  intervalMs?: number;
  /**
   * The operation's project (`system:default/name`): once its environment
   * is deleted (a delete operation), the operation is read from the
   * project's list instead. Learned from the first answer when not given.
   */
  projectRef?: string;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** An operation from its project's list (no steps or events), if listed. */
async function fromProjectList(
  server: TestServer,
  projectRef: string,
  operationId: string,
  headers: Record<string, string>,
): Promise<BerthOperation | undefined> {
  const [, namespace, name] = /^[^:]+:([^/]+)\/(.+)$/.exec(projectRef) ?? [];
  const res = await request(server)
    .get(`/api/berth/projects/${namespace}/${name}/operations?limit=500`)
    .set(headers);
  return (res.body.items as BerthOperation[] | undefined)?.find(
    o => o.id === operationId,
  );
}

/**
 * Polls `GET /api/berth/environments/:id/operations/:operationId` until the
 * operation has ended (succeeded, failed or cancelled) and returns it with
 * its steps and events. When the environment is gone (its delete ran), the
 * operation is read from its project's list, without steps and events.
 * Fails on other answers, and after the timeout with the operation's last
 * state.
 */
export async function awaitOperation(
  server: TestServer,
  environmentId: string,
  operationId: string,
  options: AwaitOperationOptions = {},
): Promise<BerthOperation> {
  const { timeoutMs = 120_000, intervalMs = 200, headers = {} } = options;
  let projectRef = options.projectRef;
  const deadline = Date.now() + timeoutMs;
  const path = `/api/berth/environments/${environmentId}/operations/${operationId}`;
  for (;;) {
    const res = await request(server).get(path).set(headers);
    let operation: BerthOperation | undefined;
    if (res.status === 200) {
      operation = res.body as BerthOperation;
      projectRef = operation.projectRef;
    } else if (res.status === 404 && projectRef) {
      operation = await fromProjectList(
        server,
        projectRef,
        operationId,
        headers,
      );
    }
    if (!operation) {
      throw new Error(
        `GET ${path} answered ${res.status}: ${
          res.body?.error?.message ?? res.text
        }`,
      );
    }
    if (isTerminalOperationStatus(operation.status)) return operation;
    if (Date.now() > deadline) {
      throw new Error(
        `Operation ${operationId} (${operation.kind}) still ${
          operation.status
        } after ${timeoutMs} ms; steps: ${(operation.steps ?? [])
          .map(s => `${s.key}=${s.status}`)
          .join(', ')}; last events: ${(operation.events ?? [])
          .slice(-5)
          .map(e => e.message)
          .join(' | ')}`,
      );
    }
    await sleep(intervalMs);
  }
}

/**
 * Waits until an environment has no queued or running operation (a 404,
 * the environment deleted, counts as done). Returns the ids of the
 * operations it saw queued or running.
 */
export async function awaitOperations(
  server: TestServer,
  environmentId: string,
  options: AwaitOperationOptions = {},
): Promise<string[]> {
  const { timeoutMs = 120_000, intervalMs = 200, headers = {} } = options;
  const deadline = Date.now() + timeoutMs;
  const path = `/api/berth/environments/${environmentId}/operations?status=queued,running`;
  const seen = new Set<string>();
  for (;;) {
    const res = await request(server).get(path).set(headers);
    if (res.status === 404) return [...seen];
    if (res.status !== 200) {
      throw new Error(
        `GET ${path} answered ${res.status}: ${
          res.body?.error?.message ?? res.text
        }`,
      );
    }
    const active = res.body.items as BerthOperation[];
    active.forEach(o => seen.add(o.id));
    if (active.length === 0) return [...seen];
    if (Date.now() > deadline) {
      throw new Error(
        `Environment ${environmentId} still has ${active
          .map(o => `${o.kind} ${o.id} (${o.status})`)
          .join(', ')} after ${timeoutMs} ms`,
      );
    }
    await sleep(intervalMs);
  }
}

/**
 * Deletes environments through the API and waits until each delete has run
 * (for afterAll: no namespace left behind on the shared clusters). An
 * environment already being deleted (409) or gone (404) is waited for too.
 */
export async function deleteEnvironments(
  server: TestServer,
  environmentIds: Iterable<string>,
  options: AwaitOperationOptions = {},
): Promise<void> {
  const ids = [...environmentIds];
  for (const id of ids) {
    await request(server)
      .delete(`/api/berth/environments/${id}`)
      .set(options.headers ?? {});
  }
  for (const id of ids) {
    await awaitOperations(server, id, options);
  }
}

/**
 * For tests that build Berth's services without a server: polls
 * `EnvironmentOperations.get` until the operation has ended.
 */
export async function awaitOperationIn(
  operations: {
    get(environmentId: string, operationId: string): Promise<BerthOperation>;
  },
  environmentId: string,
  operationId: string,
  options: Pick<AwaitOperationOptions, 'timeoutMs' | 'intervalMs'> = {},
): Promise<BerthOperation> {
  const { timeoutMs = 120_000, intervalMs = 200 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const operation = await operations.get(environmentId, operationId);
    if (isTerminalOperationStatus(operation.status)) return operation;
    if (Date.now() > deadline) {
      throw new Error(
        `Operation ${operationId} (${operation.kind}) still ${operation.status} after ${timeoutMs} ms`,
      );
    }
    await sleep(intervalMs);
  }
}
