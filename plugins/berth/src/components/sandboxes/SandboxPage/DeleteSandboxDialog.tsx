import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthSandbox, SandboxChange } from '@berth/plugin-berth-common';
import DialogContentText from '@material-ui/core/DialogContentText';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { ActionDialog } from '../../common/ActionDialog';
import { useSandboxesApi } from '../api';

/** Asks before deleting a sandbox: its routes in the base first, then its namespace. */
export const DeleteSandboxDialog = (props: {
  sandbox: BerthSandbox;
  onClose: () => void;
  /** The delete has started (or is queued). */
  onDeleted: (change: SandboxChange) => void;
}) => {
  const { sandbox } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useSandboxesApi();
  const remove = useBerthAction(
    async () => props.onDeleted(await api.deleteSandbox(sandbox.id)),
    { closes: true },
  );
  return (
    <ActionDialog
      id="delete-sandbox"
      title={t('sandboxes.remove.title', { name: sandbox.name })}
      onClose={props.onClose}
      action={remove}
      failed={t('sandboxes.remove.failed')}
      confirmLabel={t('sandboxes.remove.submit')}
      color="secondary"
    >
      <DialogContentText>
        {t('sandboxes.remove.explanation', {
          base: sandbox.baseEnvironmentName,
          namespace: sandbox.namespace,
        })}
      </DialogContentText>
    </ActionDialog>
  );
};
