import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthWorkflow } from '@berth/plugin-berth-common';
import Typography from '@material-ui/core/Typography';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { useWorkflowPermissions } from '../../../hooks/useWorkflowPermissions';
import { berthTranslationRef } from '../../../translation';
import { ActionDialog } from '../../common/ActionDialog';
import { DialogButton } from '../../common/DialogButton';
import { useWorkflowsApi } from '../api';

/**
 * "Delete" of a workflow, with a confirmation; `onDeleted` after the backend
 * deleted it. Not shown to users denied `berth.workflow.delete` on it.
 */
export const DeleteWorkflowButton = (props: {
  workflow: BerthWorkflow;
  onDeleted: () => void;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useWorkflowsApi();
  const action = useBerthAction(
    async () => {
      await api.deleteWorkflow(props.workflow.id);
      props.onDeleted();
    },
    { closes: true },
  );
  const { canDelete } = useWorkflowPermissions(props.workflow.id);
  if (!canDelete) return null;
  return (
    <DialogButton
      label={t('workflows.page.delete')}
      color="secondary"
      dialog={close => (
        <ActionDialog
          id="delete-workflow"
          onClose={close}
          title={t('workflows.page.deleteTitle', { name: props.workflow.name })}
          action={action}
          failed={t('workflows.page.deleteFailed')}
          confirmLabel={t('workflows.page.delete')}
          color="secondary"
        >
          <Typography variant="body2">
            {t('workflows.page.deleteExplanation')}
          </Typography>
        </ActionDialog>
      )}
    />
  );
};
