import { BerthProject } from '@berth/plugin-berth-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { kubeConfigFor, testClusters } from '../__testUtils__/testClusters';
import {
  actor,
  berthOnTestDatabase,
  projectWithEnvironment,
  helloSpec,
  secretSpec,
} from '../__testUtils__/renderingSetup';

// Previews rendered as a deploy would render them and compared with the live
// objects, and diffs between two real deploys, on the local cluster.
jest.setTimeout(300_000);

const [east] = testClusters();

describe('previews and deployment diffs on the local cluster', () => {
  let berth: Awaited<ReturnType<typeof berthOnTestDatabase>>;
  let project: BerthProject;
  const projectName = `rnd-${randomBytes(3).toString('hex')}`;
  const projectRef = `system:default/${projectName}`;
  let namespace = '';

  beforeAll(async () => {
    berth = await berthOnTestDatabase(east);
    const created = await projectWithEnvironment(berth, east, projectName, {
      web: helloSpec('replicaCount: 1\n'),
      api: helloSpec('replicaCount: 1\n'),
      vault: secretSpec(),
    });
    project = created.project;
    const environment = created.environment;
    namespace = environment.namespace;
    const outcome = await berth.environmentService.deploy(
      project,
      environment,
      actor,
    );
    if (outcome.failed) throw new Error(`deploy failed: ${outcome.message}`);
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

  it('previews an unchanged service as unchanged', async () => {
    const preview = await berth.rendering.preview(await dev(), 'web');
    expect(preview.live).toBe('compared');
    expect(preview.objects.map(o => [o.kind, o.name, o.change])).toEqual([
      ['ConfigMap', 'web-config', 'unchanged'],
      ['Deployment', 'web', 'unchanged'],
    ]);
    expect(preview.manifest).toContain('berth.dev/service: web');
  });

  it('previews a changed value as exactly the object it changes', async () => {
    const preview = await berth.rendering.preview(await dev(), 'web', {
      set: { 'layers.set': 'previewed' },
    });
    expect(preview.objects.map(o => [o.kind, o.name, o.change])).toEqual([
      ['ConfigMap', 'web-config', 'changed'],
      ['Deployment', 'web', 'unchanged'],
    ]);
    const diff = preview.objects[0].diff;
    expect(diff).toContain('-  layer-set: chart');
    expect(diff).toContain('+  layer-set: previewed');
    // One line out, one line in.
    expect(diff.split('\n').filter(l => /^[-+] /.test(l))).toHaveLength(2);
    expect(preview.summary).toEqual({
      added: 0,
      removed: 0,
      changed: 1,
      unchanged: 1,
    });
    expect(preview.values).toContain('set: previewed');
    // Nothing changed on the cluster.
    const live = await kubeConfigFor(east)
      .makeApiClient(CoreV1Api)
      .readNamespacedConfigMap({ name: 'web-config', namespace });
    expect(live.data?.['layer-set']).toBe('chart');
  });

  it('previews a new Secret value without showing any value', async () => {
    const preview = await berth.rendering.preview(await dev(), 'vault', {
      variables: { password: 'second-s3cret-value' },
    });
    expect(preview.objects.map(o => [o.kind, o.name, o.change])).toEqual([
      ['ConfigMap', 'vault-settings', 'unchanged'],
      ['Secret', 'vault-credentials', 'changed'],
    ]);
    expect(preview.objects[1].diff).toContain(
      '+  password: "<redacted: changed>"',
    );
    // The variable comes back as given (it is the request's own), but no
    // object or manifest shows a Secret value, old or new.
    const json = JSON.stringify({
      manifest: preview.manifest,
      objects: preview.objects,
    });
    expect(json).not.toContain('s3cret');
    expect(json).not.toContain(
      Buffer.from('first-s3cret-value').toString('base64'),
    );
    expect(json).not.toContain(
      Buffer.from('second-s3cret-value').toString('base64'),
    );
  });

  it('diffs two real deploys of a service: values and manifests', async () => {
    let environment = await dev();
    const [first] = await berth.deployments.list(environment.id, {
      service: 'web',
    });
    environment = await berth.environmentService.updateService(
      project,
      environment,
      'web',
      { set: { 'layers.set': 'second' } },
    );
    const outcome = await berth.environmentService.deployOne(
      project,
      environment,
      'web',
      actor,
    );
    expect(outcome.failed).toBe(false);
    const second = outcome.records[0];
    expect(second.helmRevision).toBe((first.helmRevision ?? 0) + 1);

    const diff = await berth.rendering.deploymentDiff(
      environment,
      'web',
      first.id,
      second.id,
    );
    expect(diff.message).toBeUndefined();
    // Merged values over the chart's own values.yaml (Helm applies that).
    expect(diff.values).toContain(' replicaCount: 1\n+layers:\n+  set: second');
    expect(diff.settings).toContain('+set:');
    expect(diff.objects.map(o => [o.kind, o.name, o.change])).toEqual([
      ['ConfigMap', 'web-config', 'changed'],
      ['Deployment', 'web', 'unchanged'],
    ]);
    expect(diff.objects[0].diff).toContain('+  layer-set: second');
    expect(diff.from.settings?.revision).toBe(1);
  });

  it('refuses to diff records of another service or unknown records', async () => {
    const environment = await dev();
    const [web] = await berth.deployments.list(environment.id, {
      service: 'web',
    });
    const [api] = await berth.deployments.list(environment.id, {
      service: 'api',
    });
    await expect(
      berth.rendering.deploymentDiff(environment, 'web', web.id, api.id),
    ).rejects.toThrow(
      `Deployment record '${api.id}' is of service 'api', not of service 'web'`,
    );
    await expect(
      berth.rendering.deploymentDiff(environment, 'web', web.id, 'nope'),
    ).rejects.toThrow("No deployment record with id 'nope'");
  });

  it('keeps no Secret value in the database', async () => {
    const rows = await berth.knex('berth_deployments').select();
    const dump = JSON.stringify(rows);
    expect(dump).toContain('vault-credentials');
    expect(dump).not.toContain('s3cret');
    expect(dump).not.toContain(
      Buffer.from('first-s3cret-value').toString('base64'),
    );
  });
});
