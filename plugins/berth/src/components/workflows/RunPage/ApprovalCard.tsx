import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { InfoCard } from '@backstage/core-components';
import {
  WorkflowApproval,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { useWorkflowApprovalPermission } from '../../../hooks/useWorkflowApprovalPermission';
import { formatTime } from '../../../lib/time';
import { berthTranslationRef } from '../../../translation';
import { ActionError } from '../../common/DialogActionsRow';
import { useWorkflowsApi } from '../api';

/** "1 of 2 approvals". */
export const ApprovalCount = (props: { approval: WorkflowApproval }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const approved = props.approval.decisions.filter(
    d => d.decision === 'approve',
  ).length;
  return (
    <Typography variant="body2">
      {t('workflows.approval.count', {
        approved: String(approved),
        needed: String(props.approval.needed),
      })}
    </Typography>
  );
};

/** Who decided what, with their comments. */
export const ApprovalDecisions = (props: { approval: WorkflowApproval }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  if (props.approval.decisions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('workflows.approval.noDecisions')}
      </Typography>
    );
  }
  return (
    <ul>
      {props.approval.decisions.map(d => (
        <li key={`${d.by}-${d.at}`}>
          <Typography variant="body2">
            {t(`workflows.approval.decided.${d.decision}`, { by: d.by })} (
            {formatTime(d.at)}){d.comment ? `: “${d.comment}”` : ''}
          </Typography>
        </li>
      ))}
    </ul>
  );
};

/** The run an approval belongs to, as far as deciding it goes. */
export type ApprovalRun = Pick<WorkflowRunSummary, 'workflowId' | 'createdBy'>;

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
      <Box display="flex" style={{ gap: 8 }} mt={1}>
        <Button
          color="primary"
          variant="contained"
          size="small"
          disabled={decide.sending}
          onClick={() => decide.run('approve')}
        >
          {t('workflows.approval.approve')}
        </Button>
        <Button
          color="secondary"
          variant="outlined"
          size="small"
          disabled={decide.sending}
          onClick={() => decide.run('reject')}
        >
          {t('workflows.approval.reject')}
        </Button>
      </Box>
      <ActionError
        action={t('workflows.approval.decideFailed')}
        error={decide.error}
      />
    </Box>
  );
};

/**
 * The approval of a job: its message, approvers, how many approvals it
 * needs, who decided what, and, while it waits, Approve and Reject for
 * those who may decide it.
 */
export const ApprovalCard = (props: {
  approval: WorkflowApproval;
  run: ApprovalRun;
  job: string;
  onDecided: () => void;
}) => {
  const { approval } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <InfoCard title={t('workflows.approval.title', { job: props.job })}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
        <Chip
          size="small"
          label={t(`workflows.approval.statuses.${approval.status}`)}
          color={approval.status === 'waiting' ? 'primary' : 'default'}
          data-approval-status={approval.status}
        />
        <ApprovalCount approval={approval} />
        {approval.expiresAt && (
          <Typography variant="body2" color="textSecondary">
            {t('workflows.approval.expires', {
              time: formatTime(approval.expiresAt),
            })}
          </Typography>
        )}
      </Box>
      {approval.message && (
        <Typography variant="body1" paragraph>
          {approval.message}
        </Typography>
      )}
      <Typography variant="body2">
        {t('workflows.approval.approvers', {
          approvers: approval.approvers.join(', '),
        })}
      </Typography>
      <ApprovalDecisions approval={approval} />
      {approval.status === 'waiting' && (
        <ApprovalDecisionForm
          approval={approval}
          run={props.run}
          onDecided={props.onDecided}
        />
      )}
    </InfoCard>
  );
};
