import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Link, TableColumn } from '@backstage/core-components';
import { BerthWorkflow } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import AddIcon from '@material-ui/icons/Add';
import { LinkButton } from '../../common/LinkButton';
import { useWorkflowCreatePermission } from '../../../hooks/useWorkflowCreatePermission';
import { useWorkflows } from '../../../hooks/useWorkflows';
import { formatTime } from '../../../lib/time';
import { toProjectRef } from '../../../lib/refs';
import { BerthTranslate, berthTranslationRef } from '../../../translation';
import { DataTable } from '../../common/DataTable';
import { useWorkflowLinks } from '../common/links';
import { WorkflowStatusChip } from '../common/WorkflowStatusChip';
import { RunWorkflowButton } from '../RunWorkflowDialog';

function columns(
  t: BerthTranslate,
  links: ReturnType<typeof useWorkflowLinks>,
): TableColumn<BerthWorkflow>[] {
  return [
    {
      title: t('workflows.list.name'),
      field: 'name',
      highlight: true,
      render: w => <Link to={links.workflow(w.id)}>{w.name}</Link>,
    },
    { title: t('workflows.list.title'), field: 'title' },
    {
      title: t('workflows.list.lastRun'),
      render: w =>
        w.lastRun ? (
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <Link to={links.run(w.lastRun.id)}>#{w.lastRun.sequence}</Link>
            <WorkflowStatusChip status={w.lastRun.status} />
            {formatTime(w.lastRun.createdAt)}
          </Box>
        ) : (
          t('workflows.list.never')
        ),
    },
    {
      title: t('workflows.list.enabled'),
      render: w =>
        w.enabled ? t('workflows.list.yes') : t('workflows.list.no'),
    },
    { title: '', render: w => <RunWorkflowButton workflow={w} /> },
  ];
}

/**
 * "New workflow", to the editor of a new workflow of the project; not shown
 * to users the permission framework denies `berth.workflow.create` in it.
 */
export const NewWorkflowButton = (props: { projectRef: string }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const links = useWorkflowLinks();
  const permission = useWorkflowCreatePermission(props.projectRef);
  if (!permission.allowed) return null;
  return (
    <LinkButton
      color="primary"
      icon={<AddIcon />}
      to={links.create(props.projectRef)}
    >
      {t('workflows.list.new')}
    </LinkButton>
  );
};

/**
 * The workflows of a project: name, last run with its status, and Run (for
 * users allowed to run it), and New workflow (for users allowed to create).
 */
export const WorkflowsCard = (props: { projectRef: string }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const links = useWorkflowLinks();
  const workflows = useWorkflows(toProjectRef(props.projectRef));
  return (
    <>
      <DataTable<BerthWorkflow>
        title={t('workflows.list.heading')}
        error={workflows.error}
        loading={workflows.loading && !workflows.value}
        columns={columns(t, links)}
        data={workflows.value ?? []}
        empty={t('workflows.list.empty')}
      />
      <Box mt={1}>
        <NewWorkflowButton projectRef={props.projectRef} />
      </Box>
    </>
  );
};
