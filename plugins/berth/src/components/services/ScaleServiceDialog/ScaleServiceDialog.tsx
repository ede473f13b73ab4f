import { useApi } from '@backstage/core-plugin-api';
import { useState } from 'react';
import { berthApiRef } from '../../../api';
import { ActionDialog } from '../../common/ActionDialog';
import { TextInput } from '../../common/FormFields';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { berthTranslationRef } from '../../../translation';
import { useSuccessAlert } from '../../../hooks/useSuccessAlert';

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
  const notifySuccess = useSuccessAlert();
  const { t } = useTranslationRef(berthTranslationRef);
  const [replicas, setReplicas] = useState(String(props.replicas));
  const n = Number(replicas);
  const problem =
    replicas.trim() === '' || !Number.isInteger(n) || n < 0
      ? t('scaleService.wholeNumber')
      : undefined;

  const scale = useBerthAction(
    async () => {
      await berthApi.scaleService(props.environmentId, props.service, n);
      notifySuccess(
        t('scaleService.scaling', {
          service: props.service,
          replicas: String(n),
        }),
      );
      props.onScaled();
      props.onClose();
    },
    { closes: true },
  );

  return (
    <ActionDialog
      id="berth-scale-service"
      open={props.open}
      onClose={props.onClose}
      title={t('scaleService.title', { service: props.service })}
      action={scale}
      failed={t('scaleService.failed')}
      confirmLabel={t('scaleService.confirm')}
      disabled={Boolean(problem)}
    >
      <TextInput
        id="berth-scale-replicas"
        label={t('scaleService.replicas')}
        type="number"
        fullWidth={false}
        value={replicas}
        onChange={setReplicas}
        disabled={scale.sending}
        problem={problem}
        hint={t('scaleService.now', { replicas: String(props.replicas) })}
      />
    </ActionDialog>
  );
};
