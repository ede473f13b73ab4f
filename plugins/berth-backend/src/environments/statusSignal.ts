import { SignalsService } from '@backstage/plugin-signals-node';
import {
  BERTH_STATUS_SIGNAL_CHANNEL,
  EnvironmentStatusSignal,
} from '@berth/plugin-berth-common';

/**
 * Tells browsers that an environment's status changed. Signals reach every
 * signed-in browser, readers of the environment or not, so the message is
 * only the environment's opaque id and a time; browsers that may read the
 * environment fetch its status through `GET /environments/:id/status`.
 */
export async function publishStatusSignal(
  signals: SignalsService,
  environmentId: string,
): Promise<void> {
  const message: EnvironmentStatusSignal = {
    environmentId,
    at: new Date().toISOString(),
  };
  await signals.publish({
    recipients: { type: 'broadcast' },
    channel: BERTH_STATUS_SIGNAL_CHANNEL,
    message: { ...message },
  });
}
