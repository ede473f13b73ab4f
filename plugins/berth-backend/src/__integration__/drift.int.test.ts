import { BerthProject } from '@berth/plugin-berth-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { kubeConfigFor, testClusters } from '../__testUtils__/testClusters';
import {
  actor,
  berthOnTestDatabase,
  projectWithEnvironment,
  helloSpec,
  kubectl,
  secretSpec,
} from '../__testUtils__/renderingSetup';

// Drift: out-of-band changes made with the real kubectl are reported, and a
// redeploy clears them.
jest.setTimeout(300_000);

const [east] = testClusters();

describe('drift on the local cluster', () => {
  let berth: Awaited<ReturnType<typeof berthOnTestDatabase>>;
  let project: BerthProject;
  const projectName = `drf-${randomBytes(3).toString('hex')}`;
  const projectRef = `system:default/${projectName}`;
  let namespace = '';

  beforeAll(async () => {
    berth = await berthOnTestDatabase(east);
    const created = await projectWithEnvironment(berth, east, projectName, {
      web: helloSpec('replicaCount: 1\n'),
      vault: secretSpec(),
    });
    project = created.project;
    namespace = created.environment.namespace;
  });

  afterAll(async () => {
    if (namespace) {
      await kubeConfigFor(east)
        .makeApiClient(CoreV1Api)
        .deleteNamespace({ name: namespace })
        .catch(() => undefined);
    }
    await berth?.knex.destroy();
  });

  const dev = () => berth.environments.get(projectRef, 'dev');

  it('is Unknown before the first deploy, InSync right after it', async () => {
    const before = await berth.drift.environmentDrift(await dev());
    expect(before.state).toBe('Unknown');
    expect(before.services.map(s => s.reason)).toEqual([
      'Never deployed successfully into this environment',
      'Never deployed successfully into this environment',
    ]);

    const outcome = await berth.environmentService.deploy(
      project,
      await dev(),
      actor,
    );
    expect(outcome.failed).toBe(false);
    const after = await berth.drift.environmentDrift(await dev());
    expect(after.services.map(s => [s.service, s.state, s.objects])).toEqual([
      ['vault', 'InSync', []],
      ['web', 'InSync', []],
    ]);
    expect(after.state).toBe('InSync');
  });

  it('reports out-of-band kubectl edits, without Secret values', async () => {
    await kubectl(east, [
      '-n',
      namespace,
      'set',
      'image',
      'deployment/web',
      'hello=ghcr.io/evil/hello:6.6.6',
    ]);
    await kubectl(east, [
      '-n',
      namespace,
      'set',
      'env',
      'deployment/web',
      'DEBUG=1',
    ]);
    await kubectl(east, [
      '-n',
      namespace,
      'patch',
      'configmap',
      'web-config',
      '--type=merge',
      '-p',
      '{"data":{"message":"tampered"}}',
    ]);
    await kubectl(east, [
      '-n',
      namespace,
      'patch',
      'secret',
      'vault-credentials',
      '--type=merge',
      '-p',
      '{"stringData":{"password":"changed-s3cret","extra":"more-s3cret"}}',
    ]);

    const drift = await berth.drift.environmentDrift(await dev());
    expect(drift.state).toBe('Drifted');
    const web = drift.services.find(s => s.service === 'web')!;
    expect(web.state).toBe('Drifted');
    expect(web.objects.map(o => [o.kind, o.name, o.change])).toEqual([
      ['ConfigMap', 'web-config', 'changed'],
      ['Deployment', 'web', 'changed'],
    ]);
    const [config, deployment] = web.objects;
    expect(config.diff).toContain('-  message: hello');
    expect(config.diff).toContain('+  message: tampered');
    expect(deployment.diff).toContain(
      '+          image: ghcr.io/evil/hello:6.6.6',
    );
    expect(deployment.outOfBand).toEqual(
      expect.arrayContaining([
        'kubectl-set: spec.template.spec.containers[name=hello].env[name=DEBUG].name',
      ]),
    );

    // The Secret: an added key shows, no value does.
    const vault = await berth.drift.serviceDrift(await dev(), 'vault');
    expect(vault.state).toBe('Drifted');
    expect(vault.objects.map(o => [o.kind, o.name, o.change])).toEqual([
      ['Secret', 'vault-credentials', 'changed'],
    ]);
    expect(vault.objects[0].diff).toContain('+  extra: <redacted>');
    expect(JSON.stringify(drift)).not.toMatch(/s3cret/);
    expect(JSON.stringify(vault)).not.toContain(
      Buffer.from('changed-s3cret').toString('base64'),
    );
  });

  it('is cleared by a redeploy', async () => {
    // kubectl's own additions (an env var, a Secret key) are not Berth's to
    // remove on redeploy: take them back as an operator would.
    await kubectl(east, [
      '-n',
      namespace,
      'set',
      'env',
      'deployment/web',
      'DEBUG-',
    ]);
    await kubectl(east, [
      '-n',
      namespace,
      'patch',
      'secret',
      'vault-credentials',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/data/extra"}]',
    ]);
    const outcome = await berth.environmentService.deploy(
      project,
      await dev(),
      actor,
    );
    expect(outcome.failed).toBe(false);
    const drift = await berth.drift.environmentDrift(await dev());
    expect(drift.services.map(s => [s.service, s.state, s.objects])).toEqual([
      ['vault', 'InSync', []],
      ['web', 'InSync', []],
    ]);
    expect(drift.services[1].deploymentId).toBe(
      outcome.records.find(r => r.service === 'web')!.id,
    );
  });

  it('refuses an unknown service', async () => {
    await expect(berth.drift.serviceDrift(await dev(), 'nope')).rejects.toThrow(
      `Project '${projectName}' has no service named 'nope'`,
    );
  });
});
