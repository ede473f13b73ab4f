import {
  BerthOperation,
  isTerminalOperationStatus,
} from '@berth/plugin-berth-common';
import { TestCluster, waitFor } from '../../__testUtils__/testClusters';
import { BackendProcess } from './backendProcess';
import { helmReleases, kubeconfigFiles } from './leftovers';
import {
  deploymentRecords,
  expectStatus,
  listOperations,
  waitTerminal,
} from './operations';

/** What a crash must not leave behind, for one environment. */
export interface RecoveryReport {
  operations: BerthOperation[];
  /** Records still `running`. */
  runningRecords: string[];
  /** Releases not `deployed` (e.g. pending-upgrade). */
  unsettledReleases: string[];
  /** Temporary kubeconfig files left in the backends' TMPDIRs. */
  kubeconfigFiles: string[];
  /** The environment's status (from the status endpoint). */
  status: string;
}

/**
 * Waits (up to `timeoutMs` from now) until every operation of the
 * environment has ended by itself, then reads what the crash could have
 * left: deployment records still running, Helm releases not deployed,
 * temporary kubeconfig files; and waits for the environment's status to
 * settle on Running.
 */
export async function recoveryReport(options: {
  backend: BackendProcess;
  environmentId: string;
  namespace: string;
  cluster: TestCluster;
  timeoutMs: number;
  /** Every backend whose TMPDIR to look into (default: `backend`). */
  backends?: BackendProcess[];
}): Promise<RecoveryReport> {
  const { backend, environmentId } = options;
  const deadline = Date.now() + options.timeoutMs;
  for (const operation of await listOperations(backend, environmentId)) {
    await waitTerminal(
      backend,
      environmentId,
      operation.id,
      Math.max(1, deadline - Date.now()),
    );
  }
  const operations = await listOperations(backend, environmentId);
  const records = await deploymentRecords(backend, environmentId);
  const releases = await helmReleases(options.cluster, options.namespace);
  let status = '';
  await waitFor(
    async () => {
      status = expectStatus(
        await backend.api.get(`/environments/${environmentId}/status`),
        200,
        'Reading the environment status',
      ).status;
      return status === 'Running';
    },
    30_000,
    'the environment to show Running',
  ).catch(() => undefined);
  return {
    operations,
    runningRecords: records
      .filter(r => r.result === 'running')
      .map(r => `${r.service} (${r.id}, operation ${r.operationId})`),
    unsettledReleases: releases
      .filter(r => r.status !== 'deployed')
      .map(r => `${r.name}:${r.status}`),
    kubeconfigFiles: (options.backends ?? [backend]).flatMap(b =>
      kubeconfigFiles(b.tmpDir),
    ),
    status,
  };
}

/** Whether every operation listed has ended. */
export function allTerminal(operations: BerthOperation[]): boolean {
  return operations.every(o => isTerminalOperationStatus(o.status));
}
