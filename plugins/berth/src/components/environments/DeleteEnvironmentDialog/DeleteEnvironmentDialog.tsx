import { useApi } from '@backstage/core-plugin-api';
import { BerthEnvironment, BerthOperation } from '@berth/plugin-berth-common';
import DialogContentText from '@material-ui/core/DialogContentText';
import { useState } from 'react';
import { berthApiRef } from '../../../api';
import { ActionDialog } from '../../common/ActionDialog';
import { CheckboxField } from '../../common/FormFields';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { berthTranslationRef } from '../../../translation';

/** Asks before deleting an environment, optionally keeping what runs in the cluster. */
export const DeleteEnvironmentDialog = (props: {
  open: boolean;
  environment: BerthEnvironment;
  onClose: () => void;
  /** The delete has started (or is queued): its operation. */
  onDeleted: (operation: BerthOperation) => void;
}) => {
  const { environment } = props;
  const berthApi = useApi(berthApiRef);
  const { t } = useTranslationRef(berthTranslationRef);
  const where = {
    name: environment.name,
    namespace: environment.namespace,
    cluster: environment.cluster,
  };
  const [keepResources, setKeepResources] = useState(false);

  const remove = useBerthAction(
    async () => {
      const { operation } = await berthApi.deleteEnvironment(environment.id, {
        keepResources,
      });
      props.onDeleted(operation);
    },
    { closes: true },
  );

  return (
    <ActionDialog
      id="berth-delete-environment"
      open={props.open}
      onClose={props.onClose}
      title={t('deleteEnvironment.title', { name: environment.name })}
      action={remove}
      failed={t('deleteEnvironment.failed')}
      confirmLabel={t('deleteEnvironment.confirm')}
      color="secondary"
    >
      <DialogContentText>
        {keepResources
          ? t('deleteEnvironment.keepingResources', where)
          : t(
              environment.namespaceCreated
                ? 'deleteEnvironment.uninstallingCreated'
                : 'deleteEnvironment.uninstallingAdopted',
              where,
            )}
      </DialogContentText>
      <CheckboxField
        checked={keepResources}
        onChange={setKeepResources}
        disabled={remove.sending}
        label={t('deleteEnvironment.keepResources')}
      />
    </ActionDialog>
  );
};
