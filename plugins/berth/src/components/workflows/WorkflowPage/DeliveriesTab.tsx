import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Link, TableColumn } from '@backstage/core-components';
import { WorkflowTriggerDelivery } from '@berth/plugin-berth-common';
import Chip from '@material-ui/core/Chip';
import { useWorkflowDeliveries } from '../../../hooks/useWorkflowDeliveries';
import { formatTime } from '../../../lib/time';
import { berthTranslationRef } from '../../../translation';
import { DataTable } from '../../common/DataTable';
import { useWorkflowLinks } from '../common/links';

/** The webhook deliveries and cron ticks of a workflow: matched or ignored, and why. */
export const DeliveriesTab = (props: { workflowId: string }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const links = useWorkflowLinks();
  const deliveries = useWorkflowDeliveries(props.workflowId);
  const columns: TableColumn<WorkflowTriggerDelivery>[] = [
    {
      title: t('workflows.deliveries.receivedAt'),
      render: d => formatTime(d.receivedAt),
    },
    { title: t('workflows.deliveries.trigger'), field: 'trigger' },
    {
      title: t('workflows.deliveries.event'),
      render: d => `${d.source} ${d.event}`,
    },
    {
      title: t('workflows.deliveries.outcome'),
      field: 'outcome',
      render: d => (
        <Chip
          size="small"
          variant="outlined"
          color={d.outcome === 'matched' ? 'primary' : 'default'}
          label={t(`workflows.deliveries.outcomes.${d.outcome}`)}
        />
      ),
    },
    { title: t('workflows.deliveries.reason'), field: 'reason' },
    {
      title: t('workflows.deliveries.run'),
      render: d =>
        d.runId ? (
          <Link to={links.run(d.runId)}>{t('workflows.deliveries.open')}</Link>
        ) : (
          ''
        ),
    },
  ];
  return (
    <DataTable<WorkflowTriggerDelivery>
      title={t('workflows.deliveries.heading')}
      error={deliveries.error}
      loading={deliveries.loading && !deliveries.value}
      columns={columns}
      data={deliveries.value ?? []}
      empty={t('workflows.deliveries.empty')}
    />
  );
};
