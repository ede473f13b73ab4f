import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HelmError } from './HelmError';
import { HelmRunner } from './HelmRunner';

// A stand-in for the helm binary: records what it was given (arguments, the
// kubeconfig file and its mode, the values file, the environment, what the
// post-renderer makes of a manifest) and answers as `behaviour.json` says.
const FAKE_HELM = `
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const dir = __dirname;
const args = process.argv.slice(2);
const behaviour = JSON.parse(fs.readFileSync(path.join(dir, 'behaviour.json'), 'utf8'));
const kubeconfig = args[args.indexOf('--kubeconfig') + 1];
const values = args.includes('--values') ? args[args.indexOf('--values') + 1] : undefined;
const renderer = args.includes('--post-renderer') ? args[args.indexOf('--post-renderer') + 1] : undefined;
const record = {
  args,
  cwd: process.cwd(),
  env: Object.keys(process.env).filter(k => k.startsWith('HELM_') || k === 'KUBECONFIG' || k === 'HOME'),
  kubeconfigMode: (fs.statSync(kubeconfig).mode & 0o777).toString(8),
  kubeconfig: JSON.parse(fs.readFileSync(kubeconfig, 'utf8')),
  values: values && JSON.parse(fs.readFileSync(values, 'utf8')),
  rendered: renderer && execFileSync(renderer, { input: 'kind: ConfigMap\\nmetadata: { name: c }\\n' }).toString(),
};
fs.writeFileSync(path.join(dir, 'record.json'), JSON.stringify(record));
process.stdout.write(behaviour.stdout || '');
process.stderr.write(behaviour.stderr || '');
process.exit(behaviour.code || 0);
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

  async function behave(b: {
    stdout?: string;
    stderr?: string;
    code?: number;
  }) {
    await writeFile(join(dir, 'behaviour.json'), JSON.stringify(b));
  }

  async function recorded() {
    return JSON.parse(await readFile(join(dir, 'record.json'), 'utf8'));
  }

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
      'cart',
      '/charts/cart',
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
    ]);
    expect(JSON.stringify(record.args)).not.toContain('secret-token');
    expect(record.kubeconfigMode).toBe('600');
    expect(record.kubeconfig).toMatchObject({
      'current-context': 'east',
      clusters: [
        {
          name: 'east',
          cluster: {
            server: 'https://127.0.0.1:6443',
            'certificate-authority-data': 'Y2E=',
          },
        },
      ],
      users: [{ name: 'berth', user: { token: 'secret-token' } }],
    });
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
    expect(args.slice(0, 7)).toEqual([
      'upgrade',
      '--install',
      'db',
      'postgres',
      '--repo',
      'https://charts.example.com',
      '--version',
    ]);
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
    expect(args.slice(0, 6)).toEqual([
      'upgrade',
      '--install',
      'db',
      'oci://ghcr.io/acme/db',
      '--version',
      '2.0.0',
    ]);
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
    expect((await recorded()).args.slice(0, 4)).toEqual([
      'list',
      '--all',
      '--output',
      'json',
    ]);

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
    expect((await recorded()).args.slice(0, 6)).toEqual([
      'history',
      'cart',
      '--max',
      '1',
      '--output',
      'json',
    ]);
  });
});
