import { WorkflowDefinition } from '@berth/plugin-berth-common';

/** Deploys to shop's `dev` (development). */
export const devFlow: WorkflowDefinition = {
  stages: [
    {
      name: 'deploy',
      jobs: [{ name: 'dev', type: 'deploy', spec: { environment: 'dev' } }],
    },
  ],
};

/** Asks release managers, then deploys to shop's `prod` (production). */
export const prodFlow: WorkflowDefinition = {
  stages: [
    {
      name: 'approve',
      jobs: [
        {
          name: 'ok',
          type: 'approval',
          spec: { approvers: ['group:default/release-managers'] },
        },
      ],
    },
    {
      name: 'ship',
      jobs: [{ name: 'prod', type: 'deploy', spec: { environment: 'prod' } }],
    },
  ],
};

/** Deploys to production at once. */
export const prodWithoutApproval: WorkflowDefinition = {
  stages: [
    {
      name: 'ship',
      jobs: [
        { name: 'test', type: 'script', spec: { image: 'alpine' } },
        { name: 'prod', type: 'deploy', spec: { environment: 'prod' } },
      ],
    },
  ],
};

/** Deploys to the environment the run names. */
export const paramFlow: WorkflowDefinition = {
  params: [{ name: 'env', type: 'environment', required: true }],
  stages: [
    {
      name: 'deploy',
      jobs: [
        { name: 'to', type: 'deploy', spec: { environment: '${params.env}' } },
      ],
    },
  ],
};

/** A script, then a `trigger-workflow` job starting `workflow` with `params`. */
export const triggering = (
  workflow: string,
  params?: Record<string, unknown>,
  declared?: WorkflowDefinition['params'],
): WorkflowDefinition => ({
  params: declared,
  stages: [
    {
      name: 'build',
      jobs: [{ name: 'pick', type: 'script', spec: { image: 'alpine' } }],
    },
    {
      name: 'next',
      jobs: [
        {
          name: 'start',
          type: 'trigger-workflow',
          spec: { workflow, ...(params ? { params } : {}) },
        },
      ],
    },
  ],
});
