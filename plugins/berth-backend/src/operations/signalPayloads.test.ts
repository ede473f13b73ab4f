import { mockServices } from '@backstage/backend-test-utils';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  BERTH_OPERATION_SIGNAL_CHANNEL,
  BERTH_STATUS_SIGNAL_CHANNEL,
} from '@berth/plugin-berth-common';
import { publishStatusSignal } from '../environments/statusSignal';
import { OperationSignals } from './OperationSignals';
import { StoredOperation } from './OperationStore';

type Published = Parameters<SignalsService['publish']>[0];

/** The signals bus as the backend sees it: what was published, kept. */
function recordingSignals() {
  const published: Published[] = [];
  const signals: SignalsService = {
    async publish(signal) {
      published.push(signal as Published);
    },
  };
  return { signals, published };
}

const operation: StoredOperation = {
  seq: 1,
  id: 'op-1',
  kind: 'deploy',
  title: 'Deploy secret-project to prod-eu',
  projectRef: 'system:default/secret-project',
  environmentId: 'env-1',
  spec: { services: ['payments-ledger'] },
  actor: 'user:default/alice',
  actorType: 'user',
  status: 'running',
  createdAt: '2030-01-01T00:00:00.000Z',
  attempts: 1,
  cancelRequested: false,
  message: 'Deploying payments-ledger',
};

// Signals are broadcast to every signed-in browser: they carry opaque ids and
// a time, and nothing a non-reader of the environment may not see.
describe('signal payloads', () => {
  it('an operation signal names only the operation and its environment', async () => {
    const { signals, published } = recordingSignals();
    const operationSignals = new OperationSignals(
      signals,
      mockServices.logger.mock(),
    );
    operationSignals.changed(operation);
    operationSignals.changed({ ...operation, status: 'succeeded' }, 'done');
    expect(published).toHaveLength(2);
    for (const signal of published) {
      expect(signal.channel).toBe(BERTH_OPERATION_SIGNAL_CHANNEL);
      expect(signal.recipients).toEqual({ type: 'broadcast' });
      expect(signal.message).toEqual({
        operationId: 'op-1',
        environmentId: 'env-1',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const text = JSON.stringify(signal.message);
      for (const secret of [
        'secret-project',
        'prod-eu',
        'payments-ledger',
        'alice',
        'deploy',
        'running',
      ]) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it('an operation of no environment names only the operation', async () => {
    const { signals, published } = recordingSignals();
    new OperationSignals(signals, mockServices.logger.mock()).changed({
      ...operation,
      environmentId: undefined,
      status: 'queued',
    });
    expect(published[0].message).toEqual({
      operationId: 'op-1',
      at: expect.any(String),
    });
  });

  it('a status signal names only the environment', async () => {
    const { signals, published } = recordingSignals();
    await publishStatusSignal(signals, 'env-1');
    expect(published).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: BERTH_STATUS_SIGNAL_CHANNEL,
        message: {
          environmentId: 'env-1',
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      },
    ]);
  });
});
