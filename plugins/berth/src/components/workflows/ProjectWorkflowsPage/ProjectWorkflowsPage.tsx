import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { useParams } from 'react-router-dom';
import { useWorkflowProjectRuns } from '../../../hooks/useWorkflowProjectRuns';
import { berthTranslationRef } from '../../../translation';
import { PageLayout } from '../../common/PageLayout';
import { useWorkflowLinks } from '../common/links';
import { RunsTable } from '../WorkflowPage';
import { WorkflowsCard } from '../WorkflowsCard';

/** A project's workflows and its latest runs, at `/berth/projects/:namespace/:name/workflows`. */
export const ProjectWorkflowsPage = () => {
  const { namespace = 'default', name = '' } = useParams();
  const { t } = useTranslationRef(berthTranslationRef);
  const links = useWorkflowLinks();
  const projectRef = `system:${namespace}/${name}`;
  const runs = useWorkflowProjectRuns(projectRef);
  return (
    <PageLayout title={t('workflows.projectPage.title', { project: name })}>
      <WorkflowsCard projectRef={projectRef} />
      <Box mt={3}>
        <RunsTable
          title={t('workflows.projectPage.runs')}
          runs={runs.value ?? []}
          loading={runs.loading && !runs.value}
          error={runs.error}
          showWorkflow
        />
      </Box>
      <Box mt={2}>
        <Link to={links.approvals()}>{t('workflows.approvals.title')}</Link>
      </Box>
    </PageLayout>
  );
};
