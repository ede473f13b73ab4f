import { mockServices } from '@backstage/backend-test-utils';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { DatabaseJobLogs } from '../logs';
import { SampleJobs, TEST_ENGINE_CONFIG } from './__testUtils__/engineTestKit';
import { createWorkflowRuntime } from './createWorkflowRuntime';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

describe.each(databases.eachSupportedId())(
  'createWorkflowRuntime on %s',
  id => {
    it('wires a service whose runs the engine runs, approval job type included', async () => {
      const knex = await migratedDatabase(databases, id);
      const sample = new SampleJobs();
      const published: unknown[] = [];
      const runtime = createWorkflowRuntime({
        knex,
        config: TEST_ENGINE_CONFIG,
        jobTypes: new Map([['sample', sample.jobType]]),
        logs: new DatabaseJobLogs({ knex }),
        resolveEnvironment: async () => undefined,
        projectOwners: async () => ['group:default/team-shop'],
        logger: mockServices.logger.mock(),
        signals: {
          publish: async (m: unknown) => void published.push(m),
        } as any,
      });
      const wf = await runtime.service.createWorkflow(
        'system:default/shop',
        {
          name: 'gated',
          yaml: `
stages:
  - name: gate
    jobs: [{ name: gate, type: approval, spec: { approvers: [group:default/ops] } }]
  - name: work
    jobs: [{ name: work, type: sample, spec: {} }]
`,
        },
        'user:default/ada',
      );
      runtime.engine.start();
      try {
        const run = await runtime.service.startRun(
          wf.id,
          {},
          { type: 'manual', actor: 'user:default/ada' },
        );
        let approvals = await runtime.service.listApprovals({ runId: run.id });
        for (let i = 0; i < 400 && approvals.length === 0; i++) {
          await new Promise(r => setTimeout(r, 25));
          approvals = await runtime.service.listApprovals({ runId: run.id });
        }
        await runtime.service.decideApproval(
          approvals[0].id,
          { decision: 'approve' },
          { userRef: 'user:default/bob', ownershipRefs: ['group:default/ops'] },
        );
        let done = await runtime.service.getRun(run.id);
        for (let i = 0; i < 400 && done.status !== 'succeeded'; i++) {
          await new Promise(r => setTimeout(r, 25));
          done = await runtime.service.getRun(run.id);
        }
        expect(done.status).toBe('succeeded');
        expect(sample.starts.map(s => s.job)).toEqual(['work']);
        expect(published.length).toBeGreaterThan(0);
        expect(await runtime.triggerTarget.listTriggers()).toEqual([]);
      } finally {
        await runtime.engine.stop();
      }
    });
  },
);
