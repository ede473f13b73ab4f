import { BerthJobContext } from '@berth/plugin-berth-node';

/**
 * A Kubernetes Job request's `onWaiting` for a job type: the wait for a
 * cluster slot goes to the job's log and shows the job (and its run) as
 * waiting with that message, then running again once it holds a slot.
 */
export function showSlotWait(
  context: Pick<BerthJobContext<unknown>, 'logger' | 'setWaiting'>,
): (message: string | undefined) => Promise<void> {
  return async message => {
    if (message !== undefined) context.logger.info(message);
    else context.logger.info('Holds a Kubernetes Job slot; creating the Job');
    await context.setWaiting(message);
  };
}
