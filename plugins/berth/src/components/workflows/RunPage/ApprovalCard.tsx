import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { InfoCard } from '@backstage/core-components';
import { WorkflowApproval, WorkflowJobRun } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { formatTime } from '../../../lib/time';
import { berthTranslationRef } from '../../../translation';
import { ApprovalDecisionForm, ApprovalRun } from './ApprovalDecisionForm';
import { Note } from '../../common/Note';

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
    return <Note>{t('workflows.approval.noDecisions')}</Note>;
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

/** A job with its approval: the one it waits for, or had. */
export type ApprovalJob = Pick<WorkflowJobRun, 'job'> & {
  approval: WorkflowApproval;
};

/**
 * The approval of a job: its message, approvers, how many approvals it
 * needs, who decided what, and, while it waits, Approve and Reject for
 * those who may decide it.
 */
export const ApprovalCard = (props: {
  job: ApprovalJob;
  run: ApprovalRun;
  onDecided: () => void;
}) => {
  const { approval } = props.job;
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <InfoCard title={t('workflows.approval.title', { job: props.job.job })}>
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
