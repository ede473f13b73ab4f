import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthWorkflow } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { useWorkflowPermissions } from '../../../hooks/useWorkflowPermissions';
import { berthTranslationRef } from '../../../translation';
import { ActionDialog } from '../../common/ActionDialog';
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
  const [open, setOpen] = useState(false);
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
    <>
      <Button size="small" color="secondary" onClick={() => setOpen(true)}>
        {t('workflows.page.delete')}
      </Button>
      {open && (
        <ActionDialog
          id="delete-workflow"
          onClose={() => setOpen(false)}
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
    </>
  );
};
