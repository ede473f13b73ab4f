import { WorkflowDefinition } from '@berth/plugin-berth-common';
import { deployTargetsOf, UNRESOLVED } from './deployTargets';
import { ANY_WORKFLOW, triggerEdgesOf } from './triggerEdges';

const triggers = (
  spec: Record<string, unknown>,
  params?: WorkflowDefinition['params'],
): WorkflowDefinition => ({
  params,
  stages: [
    { name: 'build', jobs: [{ name: 'b', type: 'script', spec: {} }] },
    {
      name: 'next',
      jobs: [
        { name: 'other', type: 'deploy', spec: { environment: 'dev' } },
        { name: 'go', type: 'trigger-workflow', spec },
      ],
    },
  ],
});

describe('triggerEdgesOf', () => {
  it('finds trigger-workflow jobs with a literal workflow and static params', () => {
    expect(
      triggerEdgesOf(
        triggers({ workflow: ' release ', params: { env: 'dev', n: 2 } }),
      ),
    ).toEqual([
      {
        stageIndex: 1,
        jobIndex: 1,
        job: 'go',
        names: ['release'],
        literal: true,
        params: { env: 'dev', n: 2 },
      },
    ]);
  });

  it("resolves the run's params (or their defaults) in the workflow and the mapped params", () => {
    const definition = triggers(
      {
        workflow: '${params.target}',
        params: {
          env: '${params.env}',
          tag: 'v-${params.n}',
          list: ['${params.env}'],
        },
      },
      [
        { name: 'target', type: 'string' },
        { name: 'env', type: 'string', default: 'dev' },
        { name: 'n', type: 'number' },
      ],
    );
    const [edge] = triggerEdgesOf(definition, { target: 'release', n: 3 });
    expect(edge).toMatchObject({
      names: ['release'],
      literal: false,
      params: { env: 'dev', tag: 'v-3', list: ['dev'] },
    });
  });

  it('marks what only the run knows: upstream outputs, run fields and unresolved params', () => {
    const definition = triggers(
      {
        workflow: '${jobs.b.outputs.next}',
        params: {
          env: '${jobs.b.outputs.env}',
          id: '${run.id}',
          passed: '${params.env}',
          fixed: 'prod',
        },
      },
      [{ name: 'env', type: 'string' }],
    );
    const [edge] = triggerEdgesOf(definition, { env: UNRESOLVED });
    expect(edge.names).toBe(ANY_WORKFLOW);
    expect(edge.params).toEqual({
      env: UNRESOLVED,
      id: UNRESOLVED,
      passed: UNRESOLVED,
      fixed: 'prod',
    });
  });

  it('at save time a workflow from a param is one of its options, or any workflow', () => {
    const withOptions = triggers({ workflow: '${params.target}' }, [
      {
        name: 'target',
        type: 'choice',
        options: ['a', 'b'],
        default: 'c',
      },
    ]);
    expect(triggerEdgesOf(withOptions)[0]).toMatchObject({
      names: ['a', 'b', 'c'],
      params: {},
    });
    const free = triggers({ workflow: '${params.target}' }, [
      { name: 'target', type: 'string' },
    ]);
    expect(triggerEdgesOf(free)[0].names).toBe(ANY_WORKFLOW);
    expect(triggerEdgesOf(free, { target: UNRESOLVED })[0].names).toBe(
      ANY_WORKFLOW,
    );
  });

  it('a param without a value names no workflow (the job fails on it)', () => {
    const definition = triggers(
      { workflow: '${params.target}', params: { x: '${params.target}' } },
      [{ name: 'target', type: 'string' }],
    );
    expect(triggerEdgesOf(definition, {})[0]).toMatchObject({
      names: [],
      params: {},
    });
  });

  it('skips shapes the service refuses', () => {
    expect(triggerEdgesOf({ stages: 'x' } as any)).toEqual([]);
    expect(triggerEdgesOf(triggers({ workflow: 3 }))).toEqual([]);
    expect(
      triggerEdgesOf({ stages: [{ name: 's', jobs: [null] }] } as any),
    ).toEqual([]);
  });
});

describe('deployTargetsOf with UNRESOLVED params', () => {
  const dev = {
    id: 'e-dev',
    name: 'dev',
    tier: 'development',
    cluster: 'east',
  };
  const prod = {
    id: 'e-prod',
    name: 'prod',
    tier: 'production',
    cluster: 'west',
  };
  const deploy = (
    param: NonNullable<WorkflowDefinition['params']>[number],
  ) => ({
    params: [param],
    stages: [
      {
        name: 's',
        jobs: [
          { name: 'd', type: 'deploy', spec: { environment: '${params.env}' } },
        ],
      },
    ],
  });

  it('stands for the options of the param, or every environment', () => {
    const names = (definition: WorkflowDefinition, value: any) =>
      deployTargetsOf(definition, [dev, prod], {
        env: value,
      })[0].environments.map(e => e.name);
    const choice = deploy({ name: 'env', type: 'choice', options: ['dev'] });
    expect(names(choice, UNRESOLVED)).toEqual(['dev']);
    const free = deploy({ name: 'env', type: 'environment', default: 'dev' });
    expect(names(free, UNRESOLVED)).toEqual(['dev', 'prod']);
    expect(names(free, 'prod')).toEqual(['prod']);
    expect(names(free, undefined)).toEqual(['dev']);
  });
});
