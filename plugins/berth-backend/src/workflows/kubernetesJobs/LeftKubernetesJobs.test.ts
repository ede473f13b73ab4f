import { LeftKubernetesJobs } from './LeftKubernetesJobs';
import { KubernetesJobSlot } from './KubernetesJobSlots';

function slot(jobRunId: string, granted: boolean): KubernetesJobSlot {
  return {
    jobRunId,
    runId: 'run-1',
    cluster: 'east',
    namespace: 'jobs',
    jobName: `berth-run-1-${jobRunId}-1`,
    granted,
  };
}

describe('LeftKubernetesJobs', () => {
  it('deletes the Jobs of granted slots of the given attempts, then frees their slots', async () => {
    const released: string[] = [];
    const deleted: string[] = [];
    const left = new LeftKubernetesJobs(
      {
        ofRun: async () => [slot('a', true), slot('b', false), slot('c', true)],
        release: async id => {
          released.push(id);
        },
      },
      {
        deleteJob: async (cluster, namespace, name) => {
          deleted.push(`${cluster}/${namespace}/${name}`);
        },
      },
    );
    const lines = await left.cancel('run-1', ['a', 'b']);
    expect(deleted).toEqual(['east/jobs/berth-run-1-a-1']);
    expect(released).toEqual(['a', 'b']);
    expect([...lines.entries()]).toEqual([
      [
        'a',
        "Deleted Kubernetes Job 'berth-run-1-a-1' in namespace 'jobs' of cluster 'east' (the run was cancelled)",
      ],
    ]);
  });

  it('goes on past a Job it cannot delete, and says so', async () => {
    const released: string[] = [];
    const left = new LeftKubernetesJobs(
      {
        ofRun: async () => [slot('a', true), slot('b', true)],
        release: async id => {
          released.push(id);
        },
      },
      {
        deleteJob: async (_c, _n, name) => {
          if (name.includes('-a-')) throw new Error('cluster east is down');
        },
      },
    );
    const lines = await left.cancel('run-1', ['a', 'b']);
    expect(lines.get('a')).toBe(
      "Could not delete Kubernetes Job 'berth-run-1-a-1' in namespace 'jobs' of cluster 'east': cluster east is down",
    );
    expect(lines.get('b')).toMatch(/^Deleted /);
    expect(released).toEqual(['b']);
  });
});
