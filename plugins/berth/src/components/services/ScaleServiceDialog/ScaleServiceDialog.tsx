import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import { berthApiRef } from '../../../api';
import { ActionError, DialogActionsRow } from '../../common/DialogActionsRow';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { berthTranslationRef } from '../../../translation';

/** Sets the number of replicas of a service. */
export const ScaleServiceDialog = (props: {
  open: boolean;
  environmentId: string;
  service: string;
  replicas: number;
  onClose: () => void;
  onScaled: () => void;
}) => {
  const berthApi = useApi(berthApiRef);
  const alertApi = useApi(alertApiRef);
  const { t } = useTranslationRef(berthTranslationRef);
  const [replicas, setReplicas] = useState(String(props.replicas));
  const n = Number(replicas);
  const problem =
    replicas.trim() === '' || !Number.isInteger(n) || n < 0
      ? t('scaleService.wholeNumber')
      : undefined;

  const {
    run: scale,
    sending,
    error,
  } = useBerthAction(
    async () => {
      await berthApi.scaleService(props.environmentId, props.service, n);
      alertApi.post({
        message: t('scaleService.scaling', {
          service: props.service,
          replicas: String(n),
        }),
        severity: 'success',
        display: 'transient',
      });
      props.onScaled();
      props.onClose();
    },
    { closes: true },
  );

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby="berth-scale-service-title"
    >
      <DialogTitle id="berth-scale-service-title">
        {t('scaleService.title', { service: props.service })}
      </DialogTitle>
      <DialogContent>
        <TextField
          id="berth-scale-replicas"
          label={t('scaleService.replicas')}
          type="number"
          value={replicas}
          onChange={e => setReplicas(e.target.value)}
          disabled={sending}
          error={Boolean(problem)}
          helperText={
            problem ??
            t('scaleService.now', { replicas: String(props.replicas) })
          }
          inputProps={{ min: 0 }}
        />
        <ActionError action={t('scaleService.failed')} error={error} />
      </DialogContent>
      <DialogActionsRow
        onCancel={props.onClose}
        onConfirm={scale}
        confirmLabel={t('scaleService.confirm')}
        sending={sending}
        disabled={Boolean(problem)}
      />
    </Dialog>
  );
};
