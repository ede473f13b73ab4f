import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { kubernetesJobName } from '../kubernetesJobs/kubernetesJobName';
import { KubernetesJobSlots } from '../kubernetesJobs/KubernetesJobSlots';
import { LeftKubernetesJobs } from '../kubernetesJobs/LeftKubernetesJobs';
import { ada, engineKit, EngineKit } from './__testUtils__/engineTestKit';
import { RecordingJobDeleter, slotJobType } from './__testUtils__/slotJobType';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();
const WAITING = 'waiting for a Kubernetes Job slot on east';

async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('Timed out waiting');
    await new Promise(r => setTimeout(r, 20));
  }
}

describe.each(databases.eachSupportedId())(
  'Kubernetes Job limits of the engine on %s',
  id => {
    let kit: EngineKit;
    let slots: KubernetesJobSlots;
    let cluster: RecordingJobDeleter;
    let starts: Array<{ jobRunId: string; resumed: boolean }>;

    async function setUp(limit: number) {
      const knex = await migratedDatabase(databases, id);
      slots = new KubernetesJobSlots(knex, { limit, pollIntervalMs: 20 });
      cluster = new RecordingJobDeleter();
      starts = [];
      kit = engineKit(
        knex,
        { kube: slotJobType(slots, cluster, starts) },
        { leftWork: new LeftKubernetesJobs(slots, cluster) },
      );
    }

    const oneJob = (name: string, runMs?: number) =>
      kit.createWorkflow(
        {
          stages: [
            {
              name: 'main',
              jobs: [{ name: 'k', type: 'kube', spec: { runMs } }],
            },
          ],
        },
        name,
      );

    afterEach(async () => {
      await kit?.stopAll();
    });

    it('never runs more Jobs on a cluster than its limit, across replicas', async () => {
      await setUp(2);
      const engines =
        id === 'POSTGRES_15' ? [kit.engine(), kit.engine()] : [kit.engine()];
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const wf = await oneJob(`w${i}`, 400);
        ids.push((await engines[i % engines.length].enqueue(wf, {}, ada)).id);
      }
      let most = 0;
      let watching = true;
      const watch = (async () => {
        while (watching) {
          most = Math.max(most, await slots.inUse('east'));
          await new Promise(r => setTimeout(r, 10));
        }
      })();
      engines.forEach(e => e.start());
      for (const runId of ids) {
        expect((await kit.waitFor(runId)).status).toBe('succeeded');
      }
      watching = false;
      await watch;
      expect(most).toBe(2);
      expect(await slots.inUse('east')).toBe(0);
      // some waited, and their logs say so
      const logs = await Promise.all(
        starts.map(s => kit.logs.read(s.jobRunId)),
      );
      const texts = logs.map(chunks => chunks.map(c => c.text).join(''));
      expect(texts.filter(t => t.includes(WAITING)).length).toBeGreaterThan(0);
    });

    it('shows a job waiting for a slot, and a cancel ends the wait', async () => {
      await setUp(1);
      const wf = await kit.createWorkflow({
        stages: [
          {
            name: 'main',
            jobs: [
              { name: 'a', type: 'kube', spec: {} },
              { name: 'b', type: 'kube', spec: {} },
            ],
          },
        ],
      });
      const engine = kit.engine();
      engine.start();
      const queued = await engine.enqueue(wf, {}, ada);
      const waiting = await kit.waitFor(
        queued.id,
        r =>
          r.status === 'waiting' &&
          r.stages[0].jobs.some(j => j.status === 'waiting'),
      );
      expect(waiting.status).toBe('waiting');
      expect(waiting.message).toContain(WAITING);
      const jobs = waiting.stages[0].jobs;
      const holder = jobs.find(j => j.status === 'running')!;
      const waiter = jobs.find(j => j.status === 'waiting')!;
      expect(holder).toBeDefined();
      const stored = await kit.stores.jobRuns.forRun(queued.id);
      expect(stored.find(j => j.id === waiter.id)).toMatchObject({
        waitingMessage: WAITING,
      });

      await engine.cancel(queued.id, 'user:default/ada');
      const done = await kit.waitFor(queued.id);
      expect(done.status).toBe('cancelled');
      expect(done.stages[0].jobs.map(j => j.status)).toEqual([
        'cancelled',
        'cancelled',
      ]);
      // the Job that ran was deleted; the one that waited never existed
      expect(cluster.deleted).toEqual([
        {
          cluster: 'east',
          namespace: 'berth-jobs',
          name: kubernetesJobName(queued.id, holder.job, 1),
        },
      ]);
      expect(await slots.inUse('east')).toBe(0);
      expect(await slots.ofRun(queued.id)).toEqual([]);
    });

    it('a takeover re-attaches with the slot it holds, ahead of waiting jobs', async () => {
      await setUp(1);
      const first = kit.engine();
      first.start();
      const held = await first.enqueue(await oneJob('held'), {}, ada);
      await until(async () => (await slots.inUse('east')) === 1);
      await first.stop(); // the Job keeps running, and its slot is kept
      expect(await slots.inUse('east')).toBe(1);

      const second = kit.engine();
      const other = await second.enqueue(await oneJob('other'), {}, ada);
      second.start();
      await kit.waitFor(
        other.id,
        r => r.stages[0].jobs[0]?.status === 'waiting',
      );
      const resumed = await kit.waitFor(
        held.id,
        () => starts.filter(s => s.resumed).length === 1,
      );
      expect(resumed.stages[0].jobs[0].status).toBe('running');
      const heldJob = resumed.stages[0].jobs[0].id;
      expect(starts.filter(s => s.jobRunId === heldJob)).toEqual([
        { jobRunId: heldJob, resumed: false },
        { jobRunId: heldJob, resumed: true },
      ]);
      const heldLog = (await kit.logs.read(heldJob)).map(c => c.text).join('');
      expect(heldLog).not.toContain(WAITING);
      expect((await kit.waitFor(other.id, () => true)).status).toBe('waiting');

      // the held run ends: the waiting one gets the slot
      await second.cancel(held.id, 'user:default/ada');
      expect((await kit.waitFor(held.id)).status).toBe('cancelled');
      await kit.waitFor(
        other.id,
        r => r.stages[0].jobs[0]?.status === 'running',
      );
      await second.cancel(other.id, 'user:default/ada');
      expect((await kit.waitFor(other.id)).status).toBe('cancelled');
    });

    it('deletes the Job a replica left when it died while cancelling the run', async () => {
      await setUp(2);
      const dying = kit.engine({ heartbeatMs: 60_000 });
      dying.start();
      const run = await dying.enqueue(await oneJob('left'), {}, ada);
      await kit.waitFor(run.id, r => r.stages[0].jobs[0]?.status === 'running');
      await until(async () => (await slots.inUse('east')) === 1);
      // the cancel reaches the database (from another replica's API); the
      // replica driving the run goes away before it acts on it, leaving its
      // Job running (stopped here: its lease is handed back, as one that
      // expires would be)
      await kit.stores.runs.requestCancel(run.id, 'user:default/ada');
      await dying.stop();
      expect(await slots.inUse('east')).toBe(1);

      const taking = kit.engine();
      taking.start();
      const done = await kit.waitFor(run.id);
      expect(done.status).toBe('cancelled');
      expect(done.stages[0].jobs[0].status).toBe('cancelled');
      expect(cluster.deleted).toEqual([
        {
          cluster: 'east',
          namespace: 'berth-jobs',
          name: kubernetesJobName(run.id, 'k', 1),
        },
      ]);
      expect(await slots.ofRun(run.id)).toEqual([]);
      expect(starts).toHaveLength(1); // not started again to be deleted
      const log = (await kit.logs.read(done.stages[0].jobs[0].id))
        .map(c => c.text)
        .join('');
      expect(log).toContain(
        `Deleted Kubernetes Job '${kubernetesJobName(run.id, 'k', 1)}'`,
      );
    });
  },
);
