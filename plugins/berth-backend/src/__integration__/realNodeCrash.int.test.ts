import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api } from '@kubernetes/client-node';
import { kubeConfigFor, waitFor } from '../__testUtils__/testClusters';

// A crash of the real node (SIGKILL of its processes while a pod runs): the next
// `./berth clusters start` sweeps what was left and starts anew, and a following stop leaves the
// machine as it was. Runs its own local-east in a state dir of its own; the suite's real node is
// stopped meanwhile (one real node per machine) and started again at the end.
jest.setTimeout(600_000);

const run = promisify(execFile);
const repo = resolve(__dirname, '../../../..');
const nodeCli = join(repo, 'scripts/local-clusters/real-node/cli.mjs');
const stateDir = mkdtempSync(join(tmpdir(), 'berth-crash-int-'));
const own = { ...process.env, BERTH_STATE_DIR: stateDir };

const nodeCommand = (command: string, env = process.env) =>
  run(process.execPath, [nodeCli, command], { env });
const snapshot = async () => JSON.parse((await nodeCommand('snapshot')).stdout);
const berthClusters = (...args: string[]) =>
  run(join(repo, 'berth'), ['clusters', ...args], {
    env: own,
    cwd: repo,
    maxBuffer: 16 * 1024 * 1024,
  });
const ownState = () =>
  JSON.parse(
    readFileSync(join(stateDir, 'clusters/local-east/cluster.json'), 'utf8'),
  );
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function ownCore() {
  const { name, url, caData, adminToken, kubeconfig } = ownState();
  return kubeConfigFor({
    name,
    url,
    caData,
    adminToken,
    kubeconfig,
    bin: '',
  }).makeApiClient(CoreV1Api);
}

describe('a crash of the real node', () => {
  afterAll(async () => {
    await berthClusters('stop').catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
    // Give the suite its real node back.
    await nodeCommand('start').catch(() => undefined);
  });

  it('is swept by the next start, and stop leaves the machine as before', async () => {
    await nodeCommand('stop');
    const before = await snapshot();
    expect(before.links).not.toContain('berth0');

    await berthClusters('start', 'local-east');
    const crashed = ownState().realNode;
    expect(crashed.status).toBe('running');
    // A pod with its shim and container, so the crash leaves more than the recorded processes.
    const core = ownCore();
    await core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'survivor' },
        spec: {
          nodeSelector: { 'berth.dev/real-node': 'true' },
          tolerations: [{ key: 'berth.dev/real-node', operator: 'Exists' }],
          containers: [{ name: 'pause', image: crashed.images.pause }],
        },
      },
    });
    await waitFor(
      async () =>
        (
          await core.readNamespacedPod({
            name: 'survivor',
            namespace: 'default',
          })
        ).status?.phase === 'Running',
      120_000,
      'the pod Running',
    );

    const pids = Object.values(crashed.processes).map(
      p => (p as { pid: number }).pid,
    );
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    const crashedState = await snapshot();
    expect(crashedState.links).toContain('berth0');
    expect(crashedState.processes.length).toBeGreaterThan(0);

    const { stderr } = await berthClusters('start', 'local-east');
    expect(stderr).toContain('cleaning up a previous instance');
    const restarted = ownState().realNode;
    expect(restarted.status).toBe('running');
    expect(pids.filter(alive)).toEqual([]);

    await berthClusters('stop', 'local-east');
    expect(await snapshot()).toEqual(before);
  });
});
