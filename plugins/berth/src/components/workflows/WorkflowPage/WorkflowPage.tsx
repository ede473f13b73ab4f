import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  HeaderLabel,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { BerthWorkflow } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import EditIcon from '@material-ui/icons/Edit';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { LinkButton } from '../../common/LinkButton';
import { useWorkflow } from '../../../hooks/useWorkflow';
import { useWorkflowPermissions } from '../../../hooks/useWorkflowPermissions';
import { refName } from '../../../lib/refs';
import { berthTranslationRef } from '../../../translation';
import { PageLayout } from '../../common/PageLayout';
import { useWorkflowLinks } from '../common/links';
import { RunWorkflowButton } from '../RunWorkflowDialog';
import { DeleteWorkflowButton } from './DeleteWorkflowButton';
import { DeliveriesTab } from './DeliveriesTab';
import { RevisionsTab } from './RevisionsTab';
import { WorkflowRunsTab } from './WorkflowRunsTab';

type TabName = 'runs' | 'deliveries' | 'revisions';

const WorkflowView = (props: { workflow: BerthWorkflow }) => {
  const { workflow } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const links = useWorkflowLinks();
  const navigate = useNavigate();
  const [tab, setTab] = useState<TabName>('runs');
  const { canUpdate } = useWorkflowPermissions(workflow.id);
  return (
    <PageLayout
      title={workflow.title || workflow.name}
      subtitle={t('workflows.page.subtitle', {
        project: refName(workflow.projectRef),
      })}
      type={{
        label: t('workflows.list.heading'),
        link: links.project(workflow.projectRef),
      }}
      labels={
        <>
          <HeaderLabel label={t('workflows.page.name')} value={workflow.name} />
          <HeaderLabel
            label={t('workflows.page.revision')}
            value={String(workflow.revision)}
          />
          {!workflow.enabled && (
            <HeaderLabel label="" value={t('workflows.page.disabled')} />
          )}
        </>
      }
    >
      {workflow.definition.description && (
        <Typography variant="body2" paragraph>
          {workflow.definition.description}
        </Typography>
      )}
      <Box display="flex" style={{ gap: 8 }} mb={2}>
        <RunWorkflowButton workflow={workflow} variant="contained" />
        {canUpdate && (
          <LinkButton icon={<EditIcon />} to={links.edit(workflow.id)}>
            {t('workflows.page.edit')}
          </LinkButton>
        )}
        <DeleteWorkflowButton
          workflow={workflow}
          onDeleted={() => navigate(links.project(workflow.projectRef))}
        />
      </Box>
      <Tabs
        value={tab}
        onChange={(_, value: TabName) => setTab(value)}
        indicatorColor="primary"
        aria-label={t('workflows.page.views')}
      >
        <Tab value="runs" label={t('workflows.page.tabs.runs')} />
        <Tab value="deliveries" label={t('workflows.page.tabs.deliveries')} />
        <Tab value="revisions" label={t('workflows.page.tabs.revisions')} />
      </Tabs>
      <Box mt={2}>
        {tab === 'runs' && <WorkflowRunsTab workflowId={workflow.id} />}
        {tab === 'deliveries' && <DeliveriesTab workflowId={workflow.id} />}
        {tab === 'revisions' && (
          <RevisionsTab workflowId={workflow.id} revision={workflow.revision} />
        )}
      </Box>
    </PageLayout>
  );
};

/**
 * A workflow at `/berth/workflows/:workflowId`: Run, Edit, Delete (each for
 * users allowed it), its runs, deliveries and revisions.
 */
export const WorkflowPage = () => {
  const { workflowId } = useParams();
  const { t } = useTranslationRef(berthTranslationRef);
  const workflow = useWorkflow(workflowId);
  if (workflow.loading && !workflow.value) return <Progress />;
  if (workflow.error || !workflow.value) {
    return (
      <PageLayout title={t('workflows.page.notFound')}>
        <ResponseErrorPanel error={workflow.error ?? new Error('not found')} />
      </PageLayout>
    );
  }
  return <WorkflowView workflow={workflow.value} />;
};
