import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Link, TableColumn } from '@backstage/core-components';
import {
  WORKFLOW_RUN_STATUSES,
  WorkflowRunStatus,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import { ReactNode } from 'react';
import { formatTime } from '../../../lib/time';
import { BerthTranslate, berthTranslationRef } from '../../../translation';
import { DataTable } from '../../common/DataTable';
import { SelectInput } from '../../common/FormFields/SelectInput';
import { useWorkflowLinks } from '../common/links';
import { WorkflowStatusChip } from '../common/WorkflowStatusChip';

function triggerText(run: WorkflowRunSummary): string {
  const { trigger } = run;
  const detail = [trigger.name, trigger.branch, trigger.commit?.slice(0, 7)]
    .filter(Boolean)
    .join(' ');
  return detail ? `${trigger.type} (${detail})` : trigger.type;
}

function columns(
  t: BerthTranslate,
  links: ReturnType<typeof useWorkflowLinks>,
  showWorkflow: boolean,
): TableColumn<WorkflowRunSummary>[] {
  return [
    {
      title: t('workflows.runs.run'),
      field: 'sequence',
      highlight: true,
      render: r => (
        <Link to={links.run(r.id)}>
          {showWorkflow ? `${r.workflowName} ` : ''}#{r.sequence}
        </Link>
      ),
    },
    {
      title: t('workflows.runs.status'),
      field: 'status',
      render: r => <WorkflowStatusChip status={r.status} />,
    },
    { title: t('workflows.runs.trigger'), render: triggerText },
    { title: t('workflows.runs.createdBy'), field: 'createdBy' },
    {
      title: t('workflows.runs.createdAt'),
      render: r => formatTime(r.createdAt),
    },
    {
      title: t('workflows.runs.finishedAt'),
      render: r => formatTime(r.finishedAt),
    },
    { title: t('workflows.runs.message'), render: r => r.message ?? '' },
  ];
}

/** Runs, newest first, each linking to its page. */
export const RunsTable = (props: {
  runs: WorkflowRunSummary[];
  loading?: boolean;
  error?: Error;
  title?: string;
  subtitle?: string;
  empty?: ReactNode;
  /** Names the workflow in the run column (lists of several workflows). */
  showWorkflow?: boolean;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const links = useWorkflowLinks();
  return (
    <DataTable<WorkflowRunSummary>
      title={props.title ?? t('workflows.runs.heading')}
      subtitle={props.subtitle}
      error={props.error}
      loading={props.loading}
      columns={columns(t, links, Boolean(props.showWorkflow))}
      data={props.runs}
      empty={props.empty ?? t('workflows.runs.empty')}
    />
  );
};

/** The status filter of a run history: one status, or all. */
export const RunStatusFilter = (props: {
  value: WorkflowRunStatus | '';
  onChange: (value: WorkflowRunStatus | '') => void;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <Box maxWidth={240} mb={1}>
      <SelectInput
        id="workflow-run-status-filter"
        label={t('workflows.runs.filter')}
        value={props.value}
        onChange={v => props.onChange(v as WorkflowRunStatus | '')}
        placeholder={t('workflows.runs.all')}
        options={WORKFLOW_RUN_STATUSES.map(s => ({
          value: s,
          label: t(`workflows.statuses.${s}`),
        }))}
      />
    </Box>
  );
};
