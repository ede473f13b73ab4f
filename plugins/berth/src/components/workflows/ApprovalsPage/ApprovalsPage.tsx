import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useWorkflowApprovals } from '../../../hooks/useWorkflowApprovals';
import { formatTime } from '../../../lib/time';
import { refName } from '../../../lib/refs';
import { berthTranslationRef } from '../../../translation';
import { PageLayout } from '../../common/PageLayout';
import { WorkflowApprovalWithRun } from '../api';
import { useWorkflowLinks } from '../common/links';
import {
  ApprovalCount,
  ApprovalDecisionForm,
  ApprovalDecisions,
} from '../RunPage';

const ApprovalItem = (props: {
  approval: WorkflowApprovalWithRun;
  onDecided: () => void;
}) => {
  const { approval } = props;
  const { run } = approval;
  const { t } = useTranslationRef(berthTranslationRef);
  const links = useWorkflowLinks();
  const title = t('workflows.runPage.title', {
    workflow: run.workflowName,
    sequence: String(run.sequence),
  });
  return (
    <InfoCard
      title={<Link to={links.run(run.id)}>{title}</Link>}
      subheader={t('workflows.approvals.requested', {
        project: refName(run.projectRef),
        by: run.createdBy,
        time: formatTime(run.createdAt),
      })}
    >
      {approval.message && (
        <Typography variant="body1" paragraph>
          {approval.message}
        </Typography>
      )}
      <ApprovalCount approval={approval} />
      <ApprovalDecisions approval={approval} />
      <ApprovalDecisionForm
        approval={approval}
        run={run}
        onDecided={props.onDecided}
      />
    </InfoCard>
  );
};

/** The approvals waiting for the signed-in user, at `/berth/workflow-approvals`. */
export const ApprovalsPage = () => {
  const { t } = useTranslationRef(berthTranslationRef);
  const approvals = useWorkflowApprovals();
  return (
    <PageLayout
      title={t('workflows.approvals.title')}
      subtitle={t('workflows.approvals.subtitle')}
    >
      {approvals.loading && !approvals.value && <Progress />}
      {approvals.error && <ResponseErrorPanel error={approvals.error} />}
      {approvals.value?.length === 0 && (
        <EmptyState missing="data" title={t('workflows.approvals.empty')} />
      )}
      <Grid container spacing={3}>
        {approvals.value?.map(a => (
          <Grid item xs={12} md={6} key={a.id}>
            <ApprovalItem approval={a} onDecided={approvals.retry} />
          </Grid>
        ))}
      </Grid>
    </PageLayout>
  );
};
