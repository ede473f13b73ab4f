import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import {
  chmod,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HelmError } from './HelmError';
import { HelmRunner } from './HelmRunner';

// A stand-in for the helm binary: records what it was given (arguments, the
// kubeconfig file and its mode, the values file, the environment, what the
// post-renderer makes of a manifest) and answers as `behaviour.json` says: one
// behaviour, or a list of them, one per call. `hang` makes it wait for a
// signal (and `ignoreTerm` ignore SIGTERM).
const FAKE_HELM = `
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const dir = __dirname;
const args = process.argv.slice(2);
let behaviour = JSON.parse(fs.readFileSync(path.join(dir, 'behaviour.json'), 'utf8'));
const calls = fs.existsSync(path.join(dir, 'calls.json'))
  ? JSON.parse(fs.readFileSync(path.join(dir, 'calls.json'), 'utf8'))
  : [];
if (Array.isArray(behaviour)) behaviour = behaviour[calls.length];
const kubeconfig = args.includes('--kubeconfig') ? args[args.indexOf('--kubeconfig') + 1] : undefined;
const values = args.includes('--values') ? args[args.indexOf('--values') + 1] : undefined;
const renderer = args.includes('--post-renderer') ? args[args.indexOf('--post-renderer') + 1] : undefined;
const record = {
  args,
  cwd: process.cwd(),
  env: Object.keys(process.env).filter(k => k.startsWith('HELM_') || k === 'KUBECONFIG' || k === 'HOME'),
  kubeconfigMode: kubeconfig && (fs.statSync(kubeconfig).mode & 0o777).toString(8),
  kubeconfig: kubeconfig && JSON.parse(fs.readFileSync(kubeconfig, 'utf8')),
  values: values && JSON.parse(fs.readFileSync(values, 'utf8')),
  rendered: renderer && execFileSync(renderer, { input: 'kind: ConfigMap\\nmetadata: { name: c }\\n' }).toString(),
};
// The handler is in place before record.json says helm runs (the test signals then).
if (behaviour.hang) {
  process.on('SIGTERM', () => {
    fs.writeFileSync(path.join(dir, 'signal.txt'), 'SIGTERM');
    if (!behaviour.ignoreTerm) {
      process.stderr.write('Error: UPGRADE FAILED: context canceled');
      process.exit(1);
    }
  });
}
fs.writeFileSync(path.join(dir, 'calls.json'), JSON.stringify([...calls, args]));
fs.writeFileSync(path.join(dir, 'record.json'), JSON.stringify(record));
if (behaviour.hang) {
  setInterval(() => undefined, 1000);
} else {
  process.stdout.write(behaviour.stdout || '');
  process.stderr.write(behaviour.stderr || '');
  process.exit(behaviour.code || 0);
}
`;

describe('HelmRunner', () => {
  let dir: string;
  let helm: string;

  function kubeConfig() {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        { name: 'east', server: 'https://127.0.0.1:6443', caData: 'Y2E=' },
        { name: 'other', server: 'https://10.0.0.1' },
      ],
      users: [
        { name: 'berth', token: 'secret-token' },
        { name: 'other', token: 'other-token' },
      ],
      contexts: [
        { name: 'east', cluster: 'east', user: 'berth' },
        { name: 'other', cluster: 'other', user: 'other' },
      ],
      currentContext: 'east',
    });
    return kc;
  }

  type Behaviour = {
    stdout?: string;
    stderr?: string;
    code?: number;
    hang?: boolean;
    ignoreTerm?: boolean;
  };

  async function behave(b: Behaviour | Behaviour[]) {
    await writeFile(join(dir, 'behaviour.json'), JSON.stringify(b));
  }

  async function recorded() {
    return JSON.parse(await readFile(join(dir, 'record.json'), 'utf8'));
  }

  /** The arguments of every helm call so far. */
  async function calls(): Promise<string[][]> {
    if (!existsSync(join(dir, 'calls.json'))) return [];
    return JSON.parse(await readFile(join(dir, 'calls.json'), 'utf8'));
  }

  /** What follows `--`: the positional arguments. */
  const positional = (args: string[]) => args.slice(args.indexOf('--') + 1);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fake-helm-'));
    await writeFile(join(dir, 'fake-helm.cjs'), FAKE_HELM);
    helm = join(dir, 'helm');
    await writeFile(
      helm,
      `#!/bin/sh\nexec '${process.execPath}' '${join(
        dir,
        'fake-helm.cjs',
      )}' "$@"\n`,
    );
    await chmod(helm, 0o755);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('runs upgrade --install with a private kubeconfig, a values file and the label post-renderer', async () => {
    await behave({
      stdout: JSON.stringify({ version: 3, info: { status: 'deployed' } }),
    });
    const result = await new HelmRunner(helm).upgradeInstall({
      kubeConfig: kubeConfig(),
      namespace: 'shop-dev',
      release: 'cart',
      chart: '/charts/cart',
      values: { replicaCount: 2, image: { tag: '1.2.3' } },
      labels: { 'berth.dev/service': 'cart' },
      timeoutSeconds: 90,
      wait: true,
    });
    expect(result).toEqual({ revision: 3, status: 'deployed', manifest: '' });

    const record = await recorded();
    const valuesFile = record.args[record.args.indexOf('--values') + 1];
    const renderer = record.args[record.args.indexOf('--post-renderer') + 1];
    const kubeconfigFile = record.args[record.args.indexOf('--kubeconfig') + 1];
    expect(record.args).toEqual([
      'upgrade',
      '--install',
      '--reset-values',
      '--values',
      valuesFile,
      '--timeout',
      '90s',
      '--wait',
      '--output',
      'json',
      '--post-renderer',
      renderer,
      '--kubeconfig',
      kubeconfigFile,
      '--namespace',
      'shop-dev',
      '--',
      'cart',
      '/charts/cart',
    ]);
    expect(JSON.stringify(record.args)).not.toContain('secret-token');
    expect(record.kubeconfigMode).toBe('600');
    // helm reaches the cluster through the call's loopback API proxy, with
    // the proxy's token: the cluster's own credentials stay in this process.
    expect(record.kubeconfig).toMatchObject({
      'current-context': 'east',
      clusters: [
        {
          name: 'east',
          cluster: {
            server: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
          },
        },
      ],
      users: [{ name: 'berth', user: { token: expect.any(String) } }],
    });
    expect(JSON.stringify(record.kubeconfig)).not.toContain('secret-token');
    // it trusts the proxy's own certificate, not the cluster's CA
    expect(
      record.kubeconfig.clusters[0].cluster['certificate-authority-data'],
    ).not.toBe('Y2E=');
    expect(record.values).toEqual({ replicaCount: 2, image: { tag: '1.2.3' } });
    expect(record.rendered).toBe(
      '---\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    berth.dev/service: cart\n',
    );
    expect(record.env.sort()).toEqual([
      'HELM_CACHE_HOME',
      'HELM_CONFIG_HOME',
      'HELM_DATA_HOME',
      'HOME',
    ]);
    // the temporary directory is gone
    expect(dirname(kubeconfigFile)).toMatch(/berth-helm-/);
    expect(existsSync(dirname(kubeconfigFile))).toBe(false);
  });

  it('passes a repository chart with its version, and no post-renderer without labels', async () => {
    await behave({ stdout: JSON.stringify({ version: 1 }) });
    const runner = new HelmRunner(helm);
    await runner.upgradeInstall({
      kubeConfig: kubeConfig(),
      namespace: 'ns',
      release: 'db',
      chart: {
        repoUrl: 'https://charts.example.com',
        name: 'postgres',
        version: '1.0.0',
      },
    });
    let { args } = await recorded();
    expect(args.slice(0, 4)).toEqual([
      'upgrade',
      '--install',
      '--repo=https://charts.example.com',
      '--version=1.0.0',
    ]);
    expect(positional(args)).toEqual(['db', 'postgres']);
    expect(args).not.toContain('--post-renderer');
    expect(args).not.toContain('--wait');
    expect(args[args.indexOf('--timeout') + 1]).toBe('300s');

    await runner.upgradeInstall({
      kubeConfig: kubeConfig(),
      namespace: 'ns',
      release: 'db',
      chart: { repoUrl: 'oci://ghcr.io/acme/', name: 'db', version: '2.0.0' },
    });
    ({ args } = await recorded());
    expect(args.slice(0, 3)).toEqual([
      'upgrade',
      '--install',
      '--version=2.0.0',
    ]);
    expect(positional(args)).toEqual(['db', 'oci://ghcr.io/acme/db']);
  });

  it("turns a failure into a HelmError with helm's trimmed stderr", async () => {
    await behave({
      stderr: '\nError: UPGRADE FAILED: template: boom\n\n',
      code: 1,
    });
    const error = await new HelmRunner(helm)
      .upgradeInstall({
        kubeConfig: kubeConfig(),
        namespace: 'ns',
        release: 'cart',
        chart: '/charts/cart',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(HelmError);
    expect(error.message).toBe(
      "helm upgrade --install failed for release 'cart' in namespace 'ns': Error: UPGRADE FAILED: template: boom",
    );
    expect(error.stderr).toBe('Error: UPGRADE FAILED: template: boom');
    expect(error.exitCode).toBe(1);
    expect(error.message).not.toContain('secret-token');
  });

  it('says NotFound for a missing release and Conflict for a busy one', async () => {
    const runner = new HelmRunner(helm);
    const target = { kubeConfig: kubeConfig(), namespace: 'ns' };
    await behave({
      stderr: 'Error: uninstall: Release not loaded: cart: release: not found',
      code: 1,
    });
    await expect(
      runner.uninstall({ ...target, release: 'cart' }),
    ).rejects.toThrow(
      new NotFoundError("Helm release 'cart' not found in namespace 'ns'"),
    );
    await behave({ stderr: 'Error: release: not found', code: 1 });
    await expect(runner.status({ ...target, release: 'cart' })).rejects.toThrow(
      NotFoundError,
    );
    await behave({
      stderr:
        'Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress',
      code: 1,
    });
    await expect(
      runner.upgradeInstall({ ...target, release: 'cart', chart: '/c' }),
    ).rejects.toThrow(ConflictError);
  });

  it('says NotAllowed, naming the object, when a template looks up what the identity may not read', async () => {
    const runner = new HelmRunner(helm);
    await behave({
      stderr:
        'Error: INSTALLATION FAILED: template: peek/templates/cm.yaml:1:14: executing "peek/templates/cm.yaml" at <lookup "v1" "Secret" "other" "db">: error calling lookup: secrets "db" is forbidden: User "system:serviceaccount:ns:berth-deployer" cannot get resource "secrets" in API group "" in the namespace "other"',
      code: 1,
    });
    await expect(
      runner.upgradeInstall({
        kubeConfig: kubeConfig(),
        namespace: 'ns',
        release: 'peek',
        chart: '/c',
      }),
    ).rejects.toThrow(
      new NotAllowedError(
        'helm upgrade --install for release \'peek\' in namespace \'ns\' refused: a template calls lookup on an object the deploying identity may not read, so nothing was rendered or applied: secrets "db" is forbidden: User "system:serviceaccount:ns:berth-deployer" cannot get resource "secrets" in API group "" in the namespace "other"',
      ),
    );
  });

  it('refuses an invalid release name before running helm', async () => {
    await expect(
      new HelmRunner(helm).upgradeInstall({
        kubeConfig: kubeConfig(),
        namespace: 'ns',
        release: 'Cart_1',
        chart: '/c',
      }),
    ).rejects.toThrow(InputError);
  });

  it('says when the helm binary cannot be run', async () => {
    await expect(
      new HelmRunner(join(dir, 'nope')).list({
        kubeConfig: kubeConfig(),
        namespace: 'ns',
      }),
    ).rejects.toThrow(
      `Could not run helm (${join(dir, 'nope')}) for namespace 'ns'`,
    );
  });

  it('parses helm list and helm history for the status', async () => {
    const runner = new HelmRunner(helm);
    const target = { kubeConfig: kubeConfig(), namespace: 'ns' };
    await behave({
      stdout: JSON.stringify([
        {
          name: 'cart',
          namespace: 'ns',
          revision: '2',
          updated: '2026-01-01 10:00:00 +0000 UTC',
          status: 'deployed',
          chart: 'hello-0.1.0',
          app_version: '1.0.0',
        },
      ]),
    });
    expect(await runner.list(target)).toEqual([
      {
        name: 'cart',
        namespace: 'ns',
        revision: 2,
        status: 'deployed',
        chart: 'hello-0.1.0',
        appVersion: '1.0.0',
        updated: '2026-01-01 10:00:00 +0000 UTC',
      },
    ]);
    const listArgs = (await recorded()).args;
    expect(listArgs.slice(0, 4)).toEqual(['list', '--all', '--output', 'json']);
    expect(listArgs[listArgs.length - 1]).toBe('--');

    await behave({
      stdout: JSON.stringify([
        {
          revision: 2,
          updated: '2026-01-01T10:00:00Z',
          status: 'failed',
          chart: 'hello-0.1.0',
          app_version: '1',
          description: 'Upgrade "cart" failed',
        },
      ]),
    });
    expect(await runner.status({ ...target, release: 'cart' })).toEqual({
      name: 'cart',
      namespace: 'ns',
      revision: 2,
      status: 'failed',
      chart: 'hello-0.1.0',
      appVersion: '1',
      updated: '2026-01-01T10:00:00Z',
      description: 'Upgrade "cart" failed',
    });
    const historyArgs = (await recorded()).args;
    expect(historyArgs.slice(0, 5)).toEqual([
      'history',
      '--max',
      '1',
      '--output',
      'json',
    ]);
    expect(positional(historyArgs)).toEqual(['cart']);
  });

  it('refuses a chart, version or repository that helm could read as a flag, running nothing', async () => {
    const runner = new HelmRunner(helm, { tempDir: dir });
    const target = { kubeConfig: kubeConfig(), namespace: 'ns', release: 'x' };
    const charts = [
      '--output-dir=/tmp/x',
      '-x',
      '',
      '/charts/a\nb',
      {
        repoUrl: 'https://charts.example.com',
        name: '--output-dir=/tmp/x',
        version: '1.0.0',
      },
      { repoUrl: 'https://charts.example.com', name: '../x', version: '1.0.0' },
      { repoUrl: 'https://charts.example.com', name: 'x', version: '--devel' },
      { repoUrl: '--insecure-skip-tls-verify', name: 'x', version: '1.0.0' },
      { repoUrl: 'file:///etc', name: 'x', version: '1.0.0' },
    ];
    for (const chart of charts) {
      await expect(runner.upgradeInstall({ ...target, chart })).rejects.toThrow(
        InputError,
      );
      await expect(runner.template({ ...target, chart })).rejects.toThrow(
        InputError,
      );
    }
    await expect(
      runner.upgradeInstall({ ...target, chart: '--output-dir=/tmp/x' }),
    ).rejects.toThrow('Helm chart path "--output-dir=/tmp/x" is not valid');
    await expect(
      runner.list({ kubeConfig: kubeConfig(), namespace: '--all-namespaces' }),
    ).rejects.toThrow(InputError);
    expect(await calls()).toEqual([]);
    // not even a per-call directory was made
    expect(
      (await readdir(dir)).filter(f => f.startsWith('berth-helm-')),
    ).toEqual([]);
  });

  it('puts the positional arguments of every command after --, in per-call directories of the work directory', async () => {
    await behave({ stdout: '' });
    const runner = new HelmRunner(helm, { tempDir: dir });
    const target = { kubeConfig: kubeConfig(), namespace: 'ns' };
    await runner.template({
      ...target,
      release: 'cart',
      chart: '/charts/cart',
    });
    await runner.uninstall({ ...target, release: 'cart' });
    const [template, uninstall] = await calls();
    expect(template[0]).toBe('template');
    expect(positional(template)).toEqual(['cart', '/charts/cart']);
    expect(uninstall[0]).toBe('uninstall');
    expect(positional(uninstall)).toEqual(['cart']);
    for (const args of [template, uninstall]) {
      expect(args.filter(a => a === '--')).toHaveLength(1);
    }
    const kubeconfigFile = uninstall[uninstall.indexOf('--kubeconfig') + 1];
    expect(dirname(dirname(kubeconfigFile))).toBe(dir);
    expect(existsSync(dirname(kubeconfigFile))).toBe(false);
  });

  describe('history and repairPending', () => {
    const target = () => ({
      kubeConfig: kubeConfig(),
      namespace: 'ns',
      release: 'cart',
    });
    const revision = (n: number, status: string) => ({
      revision: n,
      updated: `2026-01-01T10:0${n}:00Z`,
      status,
      chart: 'hello-0.1.0',
      app_version: '1',
      description: status,
    });
    const history = (...statuses: string[]) => ({
      stdout: JSON.stringify(statuses.map((s, i) => revision(i + 1, s))),
    });

    it('reads the full history, oldest first', async () => {
      await behave({
        stdout: JSON.stringify([
          revision(2, 'deployed'),
          revision(1, 'superseded'),
        ]),
      });
      const revisions = await new HelmRunner(helm).history(target());
      expect(revisions.map(r => [r.revision, r.status])).toEqual([
        [1, 'superseded'],
        [2, 'deployed'],
      ]);
      expect(revisions[1]).toEqual({
        name: 'cart',
        namespace: 'ns',
        revision: 2,
        status: 'deployed',
        chart: 'hello-0.1.0',
        appVersion: '1',
        updated: '2026-01-01T10:02:00Z',
        description: 'deployed',
      });
      const [args] = await calls();
      expect(args.slice(0, 3)).toEqual(['history', '--max', '2147483647']);
      expect(positional(args)).toEqual(['cart']);

      await behave({ stderr: 'Error: release: not found', code: 1 });
      await expect(new HelmRunner(helm).history(target())).rejects.toThrow(
        NotFoundError,
      );
    });

    it('rolls a pending-upgrade back to the newest deployed or superseded revision', async () => {
      await behave([
        history('superseded', 'deployed', 'failed', 'pending-upgrade'),
        { stdout: 'Rollback was a success! Happy Helming!' },
      ]);
      expect(await new HelmRunner(helm).repairPending(target())).toEqual({
        action: 'rolled-back',
        fromRevision: 4,
        fromStatus: 'pending-upgrade',
        toRevision: 2,
      });
      const [, rollback] = await calls();
      expect(rollback.slice(0, 2)).toEqual(['rollback', '--wait=false']);
      expect(positional(rollback)).toEqual(['cart', '2']);
    });

    it('rolls a pending-rollback back to a superseded revision', async () => {
      await behave([
        history('superseded', 'superseded', 'pending-rollback'),
        { stdout: '' },
      ]);
      expect(await new HelmRunner(helm).repairPending(target())).toEqual({
        action: 'rolled-back',
        fromRevision: 3,
        fromStatus: 'pending-rollback',
        toRevision: 2,
      });
    });

    it('uninstalls a pending release with no deployed or superseded revision before it', async () => {
      for (const statuses of [
        ['pending-install'],
        ['failed', 'pending-upgrade'],
      ]) {
        await rm(join(dir, 'calls.json'), { force: true });
        await behave([history(...statuses), { stdout: '' }]);
        expect(await new HelmRunner(helm).repairPending(target())).toEqual({
          action: 'uninstalled',
          fromRevision: statuses.length,
          fromStatus: statuses[statuses.length - 1],
        });
        const [, uninstall] = await calls();
        expect(uninstall[0]).toBe('uninstall');
        expect(positional(uninstall)).toEqual(['cart']);
      }
    });

    it('leaves a release that is not pending, or missing, alone', async () => {
      const runner = new HelmRunner(helm);
      for (const status of ['deployed', 'failed', 'superseded']) {
        await rm(join(dir, 'calls.json'), { force: true });
        await behave(history('superseded', status));
        expect(await runner.repairPending(target())).toEqual({
          action: 'none',
          fromRevision: 2,
          fromStatus: status,
        });
        expect(await calls()).toHaveLength(1);
      }
      await behave({ stderr: 'Error: release: not found', code: 1 });
      expect(await runner.repairPending(target())).toEqual({ action: 'none' });
    });
  });

  describe('abort', () => {
    const install = (runner: HelmRunner, signal: AbortSignal) =>
      runner
        .upgradeInstall({
          kubeConfig: kubeConfig(),
          namespace: 'ns',
          release: 'cart',
          chart: '/charts/cart',
          signal,
        })
        .catch(e => e);

    async function untilHelmRuns() {
      while (!existsSync(join(dir, 'record.json'))) {
        await new Promise(r => setTimeout(r, 20));
      }
    }

    it('stops helm with SIGTERM and says the call was aborted', async () => {
      await behave({ hang: true });
      const controller = new AbortController();
      const result = install(new HelmRunner(helm), controller.signal);
      await untilHelmRuns();
      const kubeconfigFile = (await recorded()).args.find((a: string) =>
        a.endsWith('/kubeconfig'),
      );
      controller.abort(new Error('the operation was cancelled'));
      const error = await result;
      expect(error).toBeInstanceOf(HelmError);
      expect(error.message).toBe(
        "helm upgrade --install for release 'cart' in namespace 'ns' was aborted (the operation was cancelled) and stopped: Error: UPGRADE FAILED: context canceled",
      );
      expect(await readFile(join(dir, 'signal.txt'), 'utf8')).toBe('SIGTERM');
      expect(existsSync(dirname(kubeconfigFile))).toBe(false);
    });

    it('kills a helm that ignores SIGTERM after the grace period', async () => {
      await behave({ hang: true, ignoreTerm: true });
      const controller = new AbortController();
      const result = install(
        new HelmRunner(helm, { abortGraceMs: 100 }),
        controller.signal,
      );
      await untilHelmRuns();
      controller.abort();
      const error = await result;
      expect(error).toBeInstanceOf(HelmError);
      expect(error.message).toMatch(
        /^helm upgrade --install for release 'cart' in namespace 'ns' was aborted \(This operation was aborted\) and stopped$/,
      );
      expect(await readFile(join(dir, 'signal.txt'), 'utf8')).toBe('SIGTERM');
    });

    it('does not start helm when the signal is already aborted', async () => {
      await behave({ stdout: '{}' });
      const error = await install(new HelmRunner(helm), AbortSignal.abort());
      expect(error).toBeInstanceOf(HelmError);
      expect(error.message).toMatch(/was aborted before it started/);
      expect(await calls()).toEqual([]);
    });
  });
});
