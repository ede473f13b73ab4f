import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { createMockJobContext } from '@berth/plugin-berth-node-test-utils';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { waitFor } from '../../__testUtils__/testClusters';
import { deployFixture, SHOP } from './__testUtils__/deployFixture';
import { createDeployJobType } from './deployJobType';
import { DeployJobInput } from './deployJobInput';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const BUILD = {
  build: { image: 'registry.example.com/team/cart:1.2.0', digest: DIGEST },
};

describe.each(databases.eachSupportedId())('deploy job type (%p)', id => {
  let fixture: Awaited<ReturnType<typeof deployFixture>>;

  beforeEach(async () => {
    fixture = await deployFixture(await migratedDatabase(databases, id));
    fixture.engine.start();
  });

  afterEach(async () => {
    fixture.deployer.release();
    await fixture.engine.stop();
  });

  const context = (
    params: DeployJobInput,
    options: {
      upstream?: Record<string, Record<string, unknown>>;
      signal?: AbortSignal;
      resumedFrom?: unknown;
    } = {},
  ) =>
    createMockJobContext<DeployJobInput>({
      params,
      run: {
        projectRef: SHOP,
        jobRunId: 'job-run-7',
        createdBy: 'user:default/olivia',
      },
      ...options,
    });

  it('pins the upstream build by digest, deploys through an operation and records the job run', async () => {
    const jobType = createDeployJobType(fixture.deps);
    const params = jobType.inputSchema.parse({
      environment: 'dev',
      services: ['cart'],
      images: { fromJob: 'build' },
    });
    const ctx = context(params, { upstream: BUILD });
    await jobType.run(ctx);

    expect(ctx.outputs).toEqual({
      operationId: expect.any(String),
      environmentId: fixture.dev.id,
    });
    expect(ctx.checkpoints).toEqual([
      { operationId: ctx.outputs.operationId, environmentId: fixture.dev.id },
    ]);
    const operation = await fixture.operationStore.get(
      ctx.outputs.operationId as string,
    );
    expect(operation).toMatchObject({
      kind: 'deploy-service',
      status: 'succeeded',
      actor: 'user:default/olivia',
      spec: { services: ['cart'], jobRunId: 'job-run-7' },
    });
    expect(fixture.deployer.deployed).toHaveLength(1);
    const target = fixture.deployer.deployed[0].target;
    expect(target.kind === 'helm' && target.values.image).toEqual({
      repository: 'registry.example.com/team/cart',
      tag: `1.2.0@${DIGEST}`,
    });
    const [record] = await fixture.deployments.list(fixture.dev.id);
    expect(record).toMatchObject({
      service: 'cart',
      result: 'succeeded',
      jobRunId: 'job-run-7',
      operationId: ctx.outputs.operationId,
    });
    const dev = await fixture.environments.getById(fixture.dev.id);
    expect(dev.services.cart.images).toEqual({
      main: `registry.example.com/team/cart:1.2.0@${DIGEST}`,
    });
  });

  it('deploys every service in start order when none are named, the environment given by id', async () => {
    const jobType = createDeployJobType(fixture.deps);
    const ctx = context({ environment: fixture.dev.id });
    await jobType.run(ctx);
    expect(fixture.deployer.deployed.map(d => d.service)).toEqual([
      'web',
      'cart',
    ]);
    const records = await fixture.deployments.list(fixture.dev.id);
    expect(records.map(r => r.jobRunId)).toEqual(['job-run-7', 'job-run-7']);
    const operation = await fixture.operationStore.get(
      ctx.outputs.operationId as string,
    );
    expect(operation.kind).toBe('deploy');
  });

  it('fails with the operation message when the deploy fails', async () => {
    fixture.deployer.fail = 'helm said no';
    const jobType = createDeployJobType(fixture.deps);
    const ctx = context({ environment: 'dev', services: ['web'] });
    await expect(jobType.run(ctx)).rejects.toThrow(
      /Deploy operation .* failed: .*helm said no/,
    );
    const [record] = await fixture.deployments.list(fixture.dev.id);
    expect(record).toMatchObject({ result: 'failed', jobRunId: 'job-run-7' });
  });

  it('never redoes a deploy that succeeded: resumed, it reads the outcome of its operation', async () => {
    const jobType = createDeployJobType(fixture.deps);
    const first = context({ environment: 'dev', services: ['web'] });
    await jobType.run(first);
    const resumed = context(
      { environment: 'dev', services: ['web'] },
      { resumedFrom: first.checkpoints[0] },
    );
    await jobType.run(resumed);
    expect(resumed.outputs).toEqual(first.outputs);
    expect(fixture.deployer.deployed).toHaveLength(1);
    const operations = await fixture.operationStore.list({
      environmentId: fixture.dev.id,
    });
    expect(operations).toHaveLength(1);
  });

  it('a replica stopping leaves the deploy running; the resumed job finds it by its job run id and waits for it', async () => {
    fixture.deployer.hold();
    const reached = fixture.deployer.waiting();
    const jobType = createDeployJobType(fixture.deps);
    const stop = new AbortController();
    const first = context(
      { environment: 'dev', services: ['web'] },
      { signal: stop.signal },
    );
    const running = jobType.run(first);
    await reached;
    stop.abort('replica stopping');
    await expect(running).rejects.toThrow(/aborted/);
    const [operation] = await fixture.operationStore.list({
      environmentId: fixture.dev.id,
    });
    expect(operation.status).toBe('running');

    // Crashed before its checkpoint was stored: found by the job run id.
    const resumed = context(
      { environment: 'dev', services: ['web'] },
      { resumedFrom: null },
    );
    const waiting = jobType.run(resumed);
    fixture.deployer.release();
    await waiting;
    expect(resumed.checkpoints).toEqual([
      { operationId: operation.id, environmentId: fixture.dev.id },
    ]);
    expect(resumed.outputs.operationId).toBe(operation.id);
    expect(
      await fixture.operationStore.list({ environmentId: fixture.dev.id }),
    ).toHaveLength(1);
    expect(fixture.deployer.deployed).toHaveLength(1);
  });

  it('cancelling the run cancels the deploy operation', async () => {
    fixture.deployer.hold();
    const reached = fixture.deployer.waiting();
    const jobType = createDeployJobType(fixture.deps);
    const cancel = new AbortController();
    const ctx = context({ environment: 'dev' }, { signal: cancel.signal });
    const running = jobType.run(ctx);
    await reached;
    cancel.abort('cancel');
    await expect(running).rejects.toThrow(/aborted/);
    fixture.deployer.release();
    await waitFor(
      async () =>
        (
          await fixture.operationStore.get(ctx.outputs.operationId as string)
        ).status === 'cancelled',
      10_000,
      'the deploy operation to be cancelled',
    );
    expect(
      await fixture.operationStore.get(ctx.outputs.operationId as string),
    ).toMatchObject({ cancelledBy: 'user:default/olivia' });
    // Only the first start-order group (web) was deployed.
    expect(fixture.deployer.deployed.map(d => d.service)).toEqual(['web']);
  });

  it('refuses an environment of another project, unknown services and image overrides of a manifests service, queuing nothing', async () => {
    const jobType = createDeployJobType(fixture.deps);
    await expect(
      jobType.run(context({ environment: fixture.bankDev.id })),
    ).rejects.toThrow(NotAllowedError);
    await expect(
      jobType.run(context({ environment: 'staging' })),
    ).rejects.toThrow(NotFoundError);
    await expect(
      jobType.run(context({ environment: 'dev', services: ['nope'] })),
    ).rejects.toThrow(NotFoundError);
    await expect(
      jobType.run(
        context(
          {
            environment: 'dev',
            services: ['web'],
            images: { fromJob: 'build' },
          },
          { upstream: BUILD },
        ),
      ),
    ).rejects.toThrow(InputError);
    await expect(
      jobType.run(
        context({ environment: 'dev', images: { 'cart.sidecar': 'nginx:1' } }),
      ),
    ).rejects.toThrow(/has images main/);
    expect(
      await fixture.operationStore.list({ projectRef: SHOP }),
    ).toHaveLength(0);
    expect(
      (await fixture.environments.getById(fixture.dev.id)).services.cart.images,
    ).toBeUndefined();
  });
});
