import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { BerthOperation } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { berthApiRef } from '../../../api';
import { errorMessage } from '../../../lib/errors';
import { berthTranslationRef } from '../../../translation';

/**
 * Asks the backend to cancel an operation: a running one stops after its
 * current step, a queued one is cancelled at once. Once asked, it reads
 * "Cancelling…" and stays disabled.
 */
export const CancelOperationButton = (props: {
  environmentId: string;
  operation: BerthOperation;
  onCancelled: (operation: BerthOperation) => void;
}) => {
  const { environmentId, operation } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const alertApi = useApi(alertApiRef);
  const [sending, setSending] = useState(false);
  const [requested, setRequested] = useState(false);
  const cancelling = operation.cancelRequested || requested;

  const cancel = async () => {
    setSending(true);
    try {
      const answer = await berthApi.cancelOperation(
        environmentId,
        operation.id,
      );
      setRequested(true);
      props.onCancelled(answer);
    } catch (e) {
      alertApi.post({
        message: t('activity.cancelFailed', {
          title: operation.title,
          error: errorMessage(e),
        }),
        severity: 'error',
      });
    } finally {
      setSending(false);
    }
  };

  return (
    <Button
      size="small"
      variant="outlined"
      color="secondary"
      onClick={cancel}
      disabled={cancelling || sending}
      aria-label={
        cancelling
          ? t('activity.cancelling')
          : t('activity.cancelLabel', { title: operation.title })
      }
    >
      {cancelling ? t('activity.cancelling') : t('activity.cancel')}
    </Button>
  );
};
