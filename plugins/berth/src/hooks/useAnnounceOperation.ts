import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthOperation } from '@berth/plugin-berth-common';
import { useCallback } from 'react';
import { berthApiRef } from '../api';
import { berthTranslationRef } from '../translation';
import { useSuccessAlert } from './useSuccessAlert';

/**
 * Tells the user what became of an action that starts work: `started` when
 * its operation runs (or when there is none), or that it is queued behind
 * the operation running on the environment, named by its title.
 */
export function useAnnounceOperation() {
  const berthApi = useApi(berthApiRef);
  const alertApi = useApi(alertApiRef);
  const notifySuccess = useSuccessAlert();
  const { t } = useTranslationRef(berthTranslationRef);
  return useCallback(
    async (operation: BerthOperation | undefined, started: string) => {
      if (operation?.status !== 'queued' || !operation.queuedBehind) {
        notifySuccess(started);
        return;
      }
      const blockingId = operation.queuedBehind;
      let blocking: string = t('announce.operation', { id: blockingId });
      if (operation.environmentId) {
        try {
          blocking = (
            await berthApi.getOperation(operation.environmentId, blockingId)
          ).title;
        } catch {
          // The title is a nicety: the id names it too.
        }
      }
      alertApi.post({
        message: t('announce.queued', { title: operation.title, blocking }),
        severity: 'info',
        display: 'transient',
      });
    },
    [alertApi, berthApi, notifySuccess, t],
  );
}
