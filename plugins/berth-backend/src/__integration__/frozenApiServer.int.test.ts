import { ConfigReader } from '@backstage/config';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ServiceDeployment } from '../deployments/Deployer';
import { DeployerIdentities } from '../deployments/DeployerIdentities';
import { KubernetesDeployer } from '../deployments/KubernetesDeployer';
import {
  environmentServiceSelector,
  serviceLabels,
} from '../deployments/labels';
import { HelmRunner } from '../kubernetes/HelmRunner';
import { ensureNamespace } from '../kubernetes/namespaces';
import { KubernetesObject } from '../manifests';

// A kube-apiserver that stops answering (SIGSTOP) while Berth deploys a
// manifests service and while it waits for it: each fails within
// berth.kubernetes.requestTimeoutSeconds (+ the watch's idle check), naming
// the cluster; the ClusterRegistry shows it Disconnected; after SIGCONT a
// retry succeeds. The cluster is this file's own, with its state in a
// temporary BERTH_STATE_DIR, so the shared local-east/local-west and their
// combined config are never touched (nor stopped).
jest.setTimeout(300_000);

const run = promisify(execFile);
const cli = resolve(__dirname, '../../../../scripts/local-clusters/cli.mjs');
const CLUSTER = `frozen-${randomBytes(3).toString('hex')}`;
const TIMEOUT_S = 5;
/** Timers, process scheduling and a busy 2-core machine: not a tight bound. */
const MARGIN_MS = 5000;
const stateDir = mkdtempSync(join(tmpdir(), 'berth-frozen-state-'));
const env = { ...process.env, BERTH_STATE_DIR: stateDir };

function deploymentOf(name: string, nodeSelector?: Record<string, string>) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...(nodeSelector ? { nodeSelector } : {}),
          containers: [{ name: 'main', image: 'registry.local/web:1.0.0' }],
        },
      },
    },
  } as KubernetesObject;
}

describe('a kube-apiserver that stops answering', () => {
  let apiserverPid: number;
  let stopped = false;
  let registry: ClusterRegistry;
  let deployer: KubernetesDeployer;
  let namespace: string;

  const freeze = () => {
    process.kill(apiserverPid, 'SIGSTOP');
    stopped = true;
  };
  const thaw = () => {
    if (stopped) process.kill(apiserverPid, 'SIGCONT');
    stopped = false;
  };

  function service(name: string, objects: KubernetesObject[]) {
    const environmentId = 'env-frozen';
    return {
      cluster: CLUSTER,
      namespace,
      service: name,
      labels: serviceLabels({
        projectName: 'frozen',
        environmentId,
        service: name,
        componentRef: `component:default/${name}`,
      }),
      selector: environmentServiceSelector(environmentId, name),
      target: { kind: 'manifests', objects },
    } satisfies ServiceDeployment;
  }

  /** Runs `fn`, expecting it to fail; the error and how long it took. */
  async function failure(fn: () => Promise<unknown>) {
    const start = Date.now();
    const error = await fn().then(
      () => {
        throw new Error('expected a failure');
      },
      e => e as Error,
    );
    return { error, ms: Date.now() - start };
  }

  beforeAll(async () => {
    await run(process.execPath, [cli, 'start', CLUSTER], {
      env,
      timeout: 240_000,
    });
    const state = JSON.parse(
      readFileSync(join(stateDir, 'clusters', CLUSTER, 'cluster.json'), 'utf8'),
    );
    apiserverPid = state.processes['kube-apiserver'].pid;
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: CLUSTER,
                url: state.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: state.adminToken,
                caData: state.caData,
              },
            ],
          },
        ],
      },
      berth: { kubernetes: { requestTimeoutSeconds: TIMEOUT_S } },
    });
    registry = ClusterRegistry.fromConfig(config);
    deployer = new KubernetesDeployer(
      registry,
      new HelmRunner(join(state.controlPlane, 'bin', 'helm')),
      new DeployerIdentities(registry, config),
    );
    namespace = `frozen-${randomBytes(3).toString('hex')}`;
    await ensureNamespace(registry.kubeConfig(CLUSTER), namespace, {
      labels: { 'berth.dev/environment': 'env-frozen' },
    });
    await registry.checkConnections();
    if (registry.get(CLUSTER).connection !== 'Connected') {
      throw new Error(`${CLUSTER} did not start answering`);
    }
  });

  afterAll(async () => {
    if (apiserverPid) {
      try {
        thaw();
      } catch {
        // already gone
      }
    }
    await run(process.execPath, [cli, 'stop', CLUSTER], { env }).catch(
      () => undefined,
    );
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('fails a deploy within the request timeout, naming the cluster, and a retry after SIGCONT succeeds', async () => {
    const web = service('web', [deploymentOf('web')]);
    freeze();
    let failed!: Awaited<ReturnType<typeof failure>>;
    try {
      failed = await failure(() => deployer.deploy(web));
      expect(registry.get(CLUSTER).connection).toBe('Disconnected');
    } finally {
      thaw();
    }
    // eslint-disable-next-line no-console
    console.log(
      `deploy against a frozen API server failed after ${failed.ms} ms: ${failed.error.message}`,
    );
    expect(failed.error.message).toMatch(
      new RegExp(
        `Cluster '${CLUSTER}' did not answer within ${TIMEOUT_S} s \\(GET /`,
      ),
    );
    expect(failed.error.name).toBe('ServiceUnavailableError');
    expect(failed.ms).toBeGreaterThanOrEqual(TIMEOUT_S * 1000 - 100);
    expect(failed.ms).toBeLessThan(TIMEOUT_S * 1000 + MARGIN_MS);
    expect(registry.connectionProblem(CLUSTER)).toMatch(
      `Cluster '${CLUSTER}' did not answer within ${TIMEOUT_S} s`,
    );

    // the retry: the same deploy, then its readiness
    await expect(deployer.deploy(web)).resolves.toHaveProperty('manifest');
    expect(registry.get(CLUSTER).connection).toBe('Connected');
    await deployer.waitUntilReady(web, 120_000);
  });

  it('fails a wait for readiness when the API server stops mid-wait, and a retry after SIGCONT succeeds', async () => {
    // never ready: no node has this label, so its pod stays Pending
    const stuck = service('api', [
      deploymentOf('api', { 'berth.dev/no-such-node': 'true' }),
    ]);
    await deployer.deploy(stuck);
    const wait = failure(() => deployer.waitUntilReady(stuck, 120_000));
    // let the wait list and start its watch
    await new Promise(r => setTimeout(r, 2000));
    freeze();
    const frozenAt = Date.now();
    let failed!: Awaited<typeof wait>;
    let sinceFrozen!: number;
    try {
      failed = await wait;
      sinceFrozen = Date.now() - frozenAt;
      expect(registry.get(CLUSTER).connection).toBe('Disconnected');
    } finally {
      thaw();
    }
    // eslint-disable-next-line no-console
    console.log(
      `wait against a frozen API server failed ${sinceFrozen} ms after SIGSTOP: ${failed.error.message}`,
    );
    expect(failed.error.message).toMatch(
      new RegExp(
        `^Could not (list|watch) the \\w+ of namespace '${namespace}': Cluster '${CLUSTER}' did not answer within ${TIMEOUT_S} s`,
      ),
    );
    // the silent watch is checked after half the timeout, then the check
    // itself may take the whole timeout
    expect(sinceFrozen).toBeLessThan(TIMEOUT_S * 1500 + MARGIN_MS);

    // the retry: the service fixed, deployed again, and waited for
    const fixed = service('api', [deploymentOf('api')]);
    await deployer.deploy(fixed);
    await deployer.waitUntilReady(fixed, 120_000);
    expect(registry.get(CLUSTER).connection).toBe('Connected');
  });
});
