import { WorkflowDefinition } from '@berth/plugin-berth-common';
import { allTargets, deployTargetsOf } from './deployTargets';

const dev = { id: 'e-dev', name: 'dev', tier: 'development', cluster: 'east' };
const prod = {
  id: 'e-prod',
  name: 'prod',
  tier: 'production',
  cluster: 'west',
};
const environments = [dev, prod];

const deployTo = (
  environment: unknown,
  params?: WorkflowDefinition['params'],
): WorkflowDefinition => ({
  params,
  stages: [
    {
      name: 's',
      jobs: [
        { name: 'build', type: 'build', spec: { environment: 'prod' } },
        { name: 'd', type: 'deploy', spec: { environment } },
      ],
    },
  ],
});

describe('deployTargetsOf', () => {
  it('finds deploy jobs by environment name or id, and nothing else', () => {
    expect(deployTargetsOf(deployTo('dev'), environments)).toEqual([
      { stageIndex: 0, jobIndex: 1, environments: [dev], unmatched: [] },
    ]);
    expect(
      allTargets(deployTargetsOf(deployTo('e-prod'), environments)),
    ).toEqual([prod]);
    expect(
      deployTargetsOf(deployTo('other-id'), environments)[0],
    ).toMatchObject({
      environments: [],
      unmatched: ['other-id'],
    });
    expect(deployTargetsOf(deployTo(42), environments)).toEqual([]);
  });

  it('at save time: a param may be any of its options, or any environment', () => {
    const choice = deployTo('${params.env}', [
      { name: 'env', type: 'choice', options: ['dev'] },
    ]);
    expect(allTargets(deployTargetsOf(choice, environments))).toEqual([dev]);
    const free = deployTo('${ params.env }', [
      { name: 'env', type: 'environment' },
    ]);
    expect(allTargets(deployTargetsOf(free, environments))).toEqual(
      environments,
    );
    expect(
      allTargets(
        deployTargetsOf(deployTo('${jobs.x.outputs.env}'), environments),
      ),
    ).toEqual(environments);
  });

  it("at run time: the param's value, else its default", () => {
    const free = deployTo('${params.env}', [
      { name: 'env', type: 'environment', default: 'dev' },
    ]);
    expect(
      allTargets(deployTargetsOf(free, environments, { env: 'prod' })),
    ).toEqual([prod]);
    expect(allTargets(deployTargetsOf(free, environments, {}))).toEqual([dev]);
    expect(
      allTargets(deployTargetsOf(free, environments, { env: ['a'] })),
    ).toEqual(environments);
  });

  it('skips shapes the service refuses instead of throwing', () => {
    expect(deployTargetsOf({} as WorkflowDefinition, environments)).toEqual([]);
    expect(
      deployTargetsOf(
        { stages: [{ name: 's', jobs: null }] } as any,
        environments,
      ),
    ).toEqual([]);
  });
});
