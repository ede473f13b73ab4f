import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  WorkflowApproval,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { useWorkflowApprovalPermission } from '../../../hooks/useWorkflowApprovalPermission';
import { berthTranslationRef } from '../../../translation';
import { ButtonRow } from '../../common/ButtonRow';
import { ActionError } from '../../common/DialogActionsRow';
import { useWorkflowsApi } from '../api';

/** Approve and Reject with a comment; `onDecided` after the backend recorded it. */
const DecisionForm = (props: {
  approval: WorkflowApproval;
  onDecided: () => void;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useWorkflowsApi();
  const [comment, setComment] = useState('');
  const decide = useBerthAction(async (decision: 'approve' | 'reject') => {
    await api.decideWorkflowApproval(props.approval.id, {
      decision,
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    });
    setComment('');
    props.onDecided();
  });
  return (
    <Box>
      <TextField
        id={`approval-${props.approval.id}-comment`}
        label={t('workflows.approval.comment')}
        value={comment}
        onChange={e => {
          decide.clearError();
          setComment(e.target.value);
        }}
        fullWidth
        margin="dense"
        multiline
        minRows={1}
      />
      <ButtonRow
        mt={1}
        disabled={decide.sending}
        buttons={[
          {
            label: t('workflows.approval.approve'),
            color: 'primary',
            variant: 'contained',
            onClick: () => decide.run('approve'),
          },
          {
            label: t('workflows.approval.reject'),
            color: 'secondary',
            onClick: () => decide.run('reject'),
          },
        ]}
      />
      <ActionError
        action={t('workflows.approval.decideFailed')}
        error={decide.error}
      />
    </Box>
  );
};

/** The run an approval belongs to, as far as deciding it goes. */
export type ApprovalRun = Pick<WorkflowRunSummary, 'id' | 'createdBy'>;

/**
 * Approve and Reject with a comment, to users who may decide the approval
 * (see useWorkflowApprovalPermission); to the others a line saying why not.
 * `onDecided` after the backend recorded the decision.
 */
export const ApprovalDecisionForm = (props: {
  approval: WorkflowApproval;
  run: ApprovalRun;
  onDecided: () => void;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const permission = useWorkflowApprovalPermission(props.approval, props.run);
  if (permission.loading || permission.reason === 'notWaiting') return null;
  if (permission.reason) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="approval-refusal"
      >
        {t(`workflows.notAllowed.approve.${permission.reason}`)}
      </Typography>
    );
  }
  return <DecisionForm approval={props.approval} onDecided={props.onDecided} />;
};
