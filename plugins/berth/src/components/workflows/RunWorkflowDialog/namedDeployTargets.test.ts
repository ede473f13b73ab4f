import { WorkflowDefinition } from '@berth/plugin-berth-common';
import { namedDeployTargets } from './namedDeployTargets';

const definition: WorkflowDefinition = {
  params: [
    { name: 'target', type: 'environment' },
    { name: 'other', type: 'string' },
  ],
  stages: [
    {
      name: 'deploy',
      jobs: [
        { name: 'literal', type: 'deploy', spec: { environment: ' staging ' } },
        { name: 'by-id', type: 'deploy', spec: { environment: 'env-123' } },
        {
          name: 'env-param',
          type: 'deploy',
          spec: { environment: '${params.target}' },
        },
        {
          name: 'string-param',
          type: 'deploy',
          spec: { environment: '${ params.other }' },
        },
        {
          name: 'output',
          type: 'deploy',
          spec: { environment: '${jobs.pick.outputs.env}' },
        },
        { name: 'mixed', type: 'deploy', spec: { environment: 'pre-${x}' } },
        { name: 'test', type: 'test', spec: { environment: 'prod' } },
        { name: 'no-env', type: 'deploy', spec: {} },
      ],
    },
  ],
};

describe('namedDeployTargets', () => {
  it('lists literal environments and those of non-environment params, skipping what is known only in the run', () => {
    expect(
      namedDeployTargets(definition, definition.params!, {
        target: 'dev',
        other: 'prod',
      }),
    ).toEqual([
      { job: 'literal', environment: 'staging' },
      { job: 'by-id', environment: 'env-123' },
      { job: 'string-param', environment: 'prod' },
    ]);
  });

  it('leaves out a param without a value', () => {
    expect(
      namedDeployTargets(definition, definition.params!, { other: '' }),
    ).toEqual([
      { job: 'literal', environment: 'staging' },
      { job: 'by-id', environment: 'env-123' },
    ]);
  });
});
