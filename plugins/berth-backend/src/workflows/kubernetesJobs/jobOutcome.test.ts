import { V1Job, V1Pod } from '@kubernetes/client-node';
import { finishedCondition, jobOutcome, viewPod } from './jobOutcome';

const job = (
  conditions: Array<{ type: string; status: string; reason?: string }>,
): V1Job => ({
  status: { conditions: conditions as any },
});
const pod = (status: V1Pod['status'], deleting = false): V1Pod => ({
  metadata: deleting ? { deletionTimestamp: new Date() } : {},
  spec: { containers: [{ name: 'job', image: 'x' }] },
  status,
});

describe('viewPod', () => {
  it('sees a pod not started yet, running, and terminated', () => {
    expect(viewPod(undefined)).toBeUndefined();
    expect(viewPod(pod({ phase: 'Pending' }))).toEqual({
      started: false,
      deleting: false,
    });
    expect(
      viewPod(
        pod({
          containerStatuses: [
            {
              name: 'job',
              state: { waiting: { reason: 'ContainerCreating' } },
            } as any,
          ],
        }),
      ),
    ).toEqual({ started: false, deleting: false });
    expect(
      viewPod(
        pod(
          {
            containerStatuses: [{ name: 'job', state: { running: {} } } as any],
          },
          true,
        ),
      ),
    ).toEqual({ started: true, deleting: true });
    const terminated = {
      exitCode: 3,
      reason: 'Error',
      message: '{"exitCode":3}',
    };
    expect(
      viewPod(
        pod({
          containerStatuses: [{ name: 'job', state: { terminated } } as any],
        }),
      ),
    ).toEqual({ started: true, terminated, deleting: false });
  });

  it('sees an init or main container that cannot pull its image', () => {
    expect(
      viewPod(
        pod({
          initContainerStatuses: [
            {
              name: 'tools',
              state: {
                waiting: {
                  reason: 'ImagePullBackOff',
                  message: 'no such image',
                },
              },
            } as any,
          ],
          containerStatuses: [
            {
              name: 'job',
              state: { waiting: { reason: 'PodInitializing' } },
            } as any,
          ],
        }),
      )?.waiting,
    ).toEqual({ reason: 'ImagePullBackOff', message: 'no such image' });
    expect(
      viewPod(
        pod({
          containerStatuses: [
            {
              name: 'job',
              state: { waiting: { reason: 'ErrImagePull' } },
            } as any,
          ],
        }),
      )?.waiting,
    ).toEqual({ reason: 'ErrImagePull' });
  });
});

describe('finishedCondition', () => {
  it('is the true Complete or Failed condition only', () => {
    expect(finishedCondition(job([]))).toBeUndefined();
    expect(
      finishedCondition(
        job([
          { type: 'FailureTarget', status: 'True', reason: 'DeadlineExceeded' },
        ]),
      ),
    ).toBeUndefined();
    expect(
      finishedCondition(job([{ type: 'Complete', status: 'False' }])),
    ).toBeUndefined();
    expect(
      finishedCondition(
        job([
          { type: 'SuccessCriteriaMet', status: 'True' },
          { type: 'Complete', status: 'True' },
        ]),
      ),
    ).toEqual({ type: 'Complete' });
  });
});

describe('jobOutcome', () => {
  const ended = (exitCode: number, reason: string, message?: string) => ({
    started: true,
    deleting: false,
    terminated: { exitCode, reason, ...(message ? { message } : {}) },
  });

  it('gives the exit code, message and reason of the container', () => {
    expect(
      jobOutcome(
        job([{ type: 'Complete', status: 'True' }]),
        ended(0, 'Completed', '{"exitCode":0}'),
        false,
      ),
    ).toEqual({
      exitCode: 0,
      terminationMessage: '{"exitCode":0}',
      reason: 'Completed',
    });
    expect(
      jobOutcome(
        job([
          { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' },
        ]),
        ended(3, 'Error'),
        false,
      ),
    ).toEqual({ exitCode: 3, reason: 'Error' });
  });

  it('names a deadline, a deleted pod and a deleted Job', () => {
    expect(
      jobOutcome(
        job([{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded' }]),
        { started: true, deleting: true },
        true,
      ),
    ).toEqual({ exitCode: -1, reason: 'DeadlineExceeded' });
    expect(
      jobOutcome(
        job([
          { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' },
        ]),
        ended(137, 'Error'),
        true,
      ),
    ).toEqual({ exitCode: 137, reason: 'PodDeleted' });
    expect(jobOutcome(undefined, undefined, false)).toEqual({
      exitCode: -1,
      reason: 'JobDeleted',
    });
  });
});
