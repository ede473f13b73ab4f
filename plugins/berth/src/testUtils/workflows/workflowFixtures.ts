import {
  BerthWorkflow,
  WorkflowDefinition,
  WorkflowRun,
  WorkflowTriggerDelivery,
} from '@berth/plugin-berth-common';
import { FakeBerthOptions } from '../FakeBerthApi';
import { fakeBerthData } from '../fixtures';
import { FakeBerthWorkflowsApi } from './FakeBerthWorkflowsApi';
import { FakeWorkflowsData } from './FakeWorkflowsBackend';

export const releaseDefinition: WorkflowDefinition = {
  title: 'Release',
  description: 'Builds the cart, deploys it after an approval.',
  params: [
    { name: 'environment', type: 'environment', required: true },
    { name: 'service', type: 'component', default: 'cart' },
    {
      name: 'level',
      type: 'choice',
      options: ['debug', 'info'],
      default: 'info',
    },
    { name: 'smoke', type: 'boolean', default: true },
    { name: 'replicas', type: 'number', default: 2 },
  ],
  stages: [
    {
      name: 'build',
      jobs: [
        {
          name: 'image',
          type: 'build',
          spec: { repo: 'https://github.com/acme/cart' },
        },
        { name: 'unit', type: 'test', spec: { image: 'node:22' } },
      ],
    },
    {
      name: 'approve',
      jobs: [
        {
          name: 'ok',
          type: 'approval',
          spec: { approvers: ['user:default/guest'] },
        },
      ],
    },
    {
      name: 'deploy',
      manual: true,
      jobs: [
        {
          name: 'cart',
          type: 'deploy',
          spec: {
            environment: '${params.environment}',
            services: ['${params.service}'],
          },
        },
      ],
    },
  ],
};

export const releaseWorkflow: BerthWorkflow = {
  id: 'wf-release',
  projectRef: 'system:default/shop',
  name: 'release',
  title: 'Release',
  enabled: true,
  revision: 2,
  definition: releaseDefinition,
  targets: {
    tiers: ['development'],
    clusters: ['local-east'],
    environments: [],
  },
  createdBy: 'user:default/alice',
  updatedBy: 'user:default/alice',
  createdAt: '2026-01-20T09:00:00Z',
  updatedAt: '2026-01-21T09:00:00Z',
};

export const nightlyWorkflow: BerthWorkflow = {
  ...releaseWorkflow,
  id: 'wf-nightly',
  name: 'nightly',
  title: 'Nightly tests',
  revision: 1,
  definition: {
    title: 'Nightly tests',
    stages: [{ name: 'test', jobs: [{ name: 'e2e', type: 'test', spec: {} }] }],
  },
};

/** Run 7 of the release: built, waiting for the approval; the deploy stage is manual. */
export const waitingRun: WorkflowRun = {
  id: 'run-7',
  workflowId: 'wf-release',
  workflowName: 'release',
  projectRef: 'system:default/shop',
  sequence: 7,
  revision: 2,
  status: 'waiting',
  params: {
    environment: 'dev',
    service: 'cart',
    level: 'info',
    smoke: true,
    replicas: 2,
  },
  trigger: { type: 'manual', actor: 'user:default/alice' },
  createdBy: 'user:default/alice',
  createdAt: '2026-01-22T10:00:00Z',
  startedAt: '2026-01-22T10:00:01Z',
  concurrencyGroup: 'release',
  message: 'Waiting for approval of ok',
  stages: [
    {
      name: 'build',
      manual: false,
      status: 'succeeded',
      jobs: [
        {
          id: 'jr-image',
          runId: 'run-7',
          stage: 'build',
          job: 'image',
          type: 'build',
          attempt: 1,
          status: 'succeeded',
          spec: { repo: 'https://github.com/acme/cart' },
          outputs: { image: 'ghcr.io/acme/cart', digest: 'sha256:abc123' },
          startedAt: '2026-01-22T10:00:01Z',
          finishedAt: '2026-01-22T10:03:00Z',
        },
        {
          id: 'jr-unit',
          runId: 'run-7',
          stage: 'build',
          job: 'unit',
          type: 'test',
          attempt: 1,
          status: 'succeeded',
          spec: { image: 'node:22' },
          outputs: {},
          testSummary: { passed: 41, failed: 0, skipped: 2, failures: [] },
        },
      ],
    },
    {
      name: 'approve',
      manual: false,
      status: 'waiting',
      jobs: [
        {
          id: 'jr-ok',
          runId: 'run-7',
          stage: 'approve',
          job: 'ok',
          type: 'approval',
          attempt: 1,
          status: 'waiting',
          spec: { approvers: ['user:default/guest'] },
          outputs: {},
          approval: {
            id: 'ap-1',
            runId: 'run-7',
            jobRunId: 'jr-ok',
            approvers: ['user:default/guest', 'group:default/team-shop'],
            needed: 2,
            allowSelfApproval: false,
            decisions: [
              {
                by: 'user:default/bob',
                decision: 'approve',
                comment: 'Looks fine',
                at: '2026-01-22T10:05:00Z',
              },
            ],
            status: 'waiting',
            message: 'Deploy the cart to dev?',
          },
        },
      ],
    },
    {
      name: 'deploy',
      manual: true,
      status: 'waiting',
      jobs: [
        {
          id: 'jr-cart',
          runId: 'run-7',
          stage: 'deploy',
          job: 'cart',
          type: 'deploy',
          attempt: 1,
          status: 'pending',
          spec: { environment: 'dev', services: ['cart'] },
          outputs: {},
        },
      ],
    },
  ],
};

/** Run 6 of the release: its unit tests failed. */
export const failedRun: WorkflowRun = {
  ...waitingRun,
  id: 'run-6',
  sequence: 6,
  status: 'failed',
  params: { environment: 'dev', service: 'payments' },
  trigger: {
    type: 'git',
    actor: 'user:default/alice',
    name: 'main',
    commit: 'abc1234',
    branch: 'main',
  },
  createdAt: '2026-01-21T10:00:00Z',
  finishedAt: '2026-01-21T10:04:00Z',
  message: 'Job unit failed',
  stages: [
    {
      name: 'build',
      manual: false,
      status: 'failed',
      jobs: [
        {
          ...waitingRun.stages[0].jobs[1],
          id: 'jr6-unit',
          runId: 'run-6',
          status: 'failed',
          error: 'exit code 1',
          testSummary: {
            passed: 40,
            failed: 1,
            skipped: 2,
            failures: ['cart adds an item'],
          },
        },
      ],
    },
  ],
};

export const deliveries: WorkflowTriggerDelivery[] = [
  {
    id: 'd-1',
    workflowId: 'wf-release',
    trigger: 'main',
    source: 'github',
    deliveryId: 'gh-1',
    event: 'push',
    receivedAt: '2026-01-21T09:59:00Z',
    outcome: 'matched',
    reason: 'branch main matches ^main$',
    runId: 'run-6',
  },
  {
    id: 'd-2',
    workflowId: 'wf-release',
    trigger: 'main',
    source: 'github',
    deliveryId: 'gh-2',
    event: 'push',
    receivedAt: '2026-01-21T11:00:00Z',
    outcome: 'ignored',
    reason: 'no changed file matches services/cart/**',
  },
];

export function fakeWorkflowsData(): FakeWorkflowsData {
  return {
    workflows: [releaseWorkflow, nightlyWorkflow],
    revisions: {
      'wf-release': [
        {
          revision: 1,
          definition: { stages: releaseDefinition.stages.slice(0, 1) },
          createdBy: 'user:default/alice',
          createdAt: '2026-01-20T09:00:00Z',
        },
        {
          revision: 2,
          definition: releaseDefinition,
          createdBy: 'user:default/carol',
          createdAt: '2026-01-21T09:00:00Z',
        },
      ],
    },
    deliveries,
    runs: [waitingRun, failedRun],
    logs: {
      'jr-image': [
        {
          sequence: 1,
          jobRunId: 'jr-image',
          attempt: 1,
          at: '2026-01-22T10:00:02Z',
          text: 'building cart\n',
        },
        {
          sequence: 2,
          jobRunId: 'jr-image',
          attempt: 1,
          at: '2026-01-22T10:02:00Z',
          text: 'pushed sha256:abc123\n',
        },
      ],
    },
  };
}

/** The fake Berth backend (shop, blog) with the release and nightly workflows of the shop. */
export function fakeWorkflowsApi(
  options: FakeBerthOptions & { workflows?: Partial<FakeWorkflowsData> } = {},
): FakeBerthWorkflowsApi {
  const { workflows, ...rest } = options;
  return new FakeBerthWorkflowsApi(
    fakeBerthData(),
    { ...fakeWorkflowsData(), ...workflows },
    rest,
  );
}
