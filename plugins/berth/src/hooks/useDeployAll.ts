import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthEnvironment } from '@berth/plugin-berth-common';
import { berthApiRef } from '../api';
import { errorMessage } from '../lib/errors';
import { berthTranslationRef } from '../translation';
import { useAnnounceOperation } from './useAnnounceOperation';

/**
 * "Deploy all" of an environment: starts the deploy, calls `onStarted`
 * (to refresh what shows it), announces the operation, and posts the error
 * when Berth refuses.
 */
export function useDeployAll(
  environment: Pick<BerthEnvironment, 'id' | 'name'>,
  onStarted: () => void,
): () => Promise<void> {
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const alertApi = useApi(alertApiRef);
  const announce = useAnnounceOperation();
  return async () => {
    try {
      const { operation } = await berthApi.deployEnvironment(environment.id);
      onStarted();
      await announce(
        operation,
        t('environmentPage.deployingAll', { name: environment.name }),
      );
    } catch (error) {
      alertApi.post({
        message: t('environmentPage.deployFailed', {
          name: environment.name,
          error: errorMessage(error),
        }),
        severity: 'error',
      });
    }
  };
}
