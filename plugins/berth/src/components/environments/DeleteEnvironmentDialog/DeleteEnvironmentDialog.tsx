import { useApi } from '@backstage/core-plugin-api';
import { BerthEnvironment, BerthOperation } from '@berth/plugin-berth-common';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import { useState } from 'react';
import { berthApiRef } from '../../../api';
import { ActionError, DialogActionsRow } from '../../common/DialogActionsRow';
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

  const {
    run: remove,
    sending,
    error,
  } = useBerthAction(
    async () => {
      const { operation } = await berthApi.deleteEnvironment(environment.id, {
        keepResources,
      });
      props.onDeleted(operation);
    },
    { closes: true },
  );

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby="berth-delete-environment-title"
    >
      <DialogTitle id="berth-delete-environment-title">
        {t('deleteEnvironment.title', { name: environment.name })}
      </DialogTitle>
      <DialogContent>
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
        <FormControlLabel
          control={
            <Checkbox
              checked={keepResources}
              onChange={e => setKeepResources(e.target.checked)}
              disabled={sending}
            />
          }
          label={t('deleteEnvironment.keepResources')}
        />
        <ActionError action={t('deleteEnvironment.failed')} error={error} />
      </DialogContent>
      <DialogActionsRow
        onCancel={props.onClose}
        onConfirm={remove}
        confirmLabel={t('deleteEnvironment.confirm')}
        sending={sending}
        color="secondary"
      />
    </Dialog>
  );
};
