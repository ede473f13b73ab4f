import { mockServices } from '@backstage/backend-test-utils';
import { showSlotWait } from './showSlotWait';

describe('showSlotWait', () => {
  it('logs the wait and shows the job waiting, then running again', async () => {
    const logger = mockServices.logger.mock();
    const states: Array<string | undefined> = [];
    const onWaiting = showSlotWait({
      logger,
      setWaiting: async m => {
        states.push(m);
      },
    });
    await onWaiting('waiting for a Kubernetes Job slot on east');
    await onWaiting(undefined);
    expect(states).toEqual([
      'waiting for a Kubernetes Job slot on east',
      undefined,
    ]);
    expect(logger.info.mock.calls.map(c => c[0])).toEqual([
      'waiting for a Kubernetes Job slot on east',
      'Holds a Kubernetes Job slot; creating the Job',
    ]);
  });
});
