import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { TableColumn } from '@backstage/core-components';
import { EnvironmentLink } from '../EnvironmentLink';
import { DataTable } from '../../common/DataTable';
import {
  BerthEnvironment,
  EnvironmentStatus,
} from '@berth/plugin-berth-common';
import { WorkloadStatusChip } from '../../common/WorkloadStatusChip';
import { berthTranslationRef } from '../../../translation';

type Row = BerthEnvironment & { live?: EnvironmentStatus; error?: Error };

/** A project's environments with their live status, linking to their pages. */
export const EnvironmentsTable = (props: {
  environments: BerthEnvironment[];
  statuses: Record<string, EnvironmentStatus>;
  errors?: Record<string, Error>;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const columns: TableColumn<Row>[] = [
    {
      title: t('environments.environment'),
      field: 'name',
      highlight: true,
      render: e => <EnvironmentLink id={e.id} name={e.name} />,
    },
    { title: t('environmentPage.labels.tier'), field: 'tier' },
    { title: t('environmentPage.labels.cluster'), field: 'cluster' },
    { title: t('environmentPage.labels.namespace'), field: 'namespace' },
    {
      title: t('environmentPage.labels.status'),
      render: e => (
        <WorkloadStatusChip
          status={e.live?.status}
          message={e.error?.message}
        />
      ),
    },
  ];
  return (
    <DataTable<Row>
      toolbar={false}
      columns={columns}
      data={props.environments.map(e => ({
        ...e,
        live: props.statuses[e.id],
        error: props.errors?.[e.id],
      }))}
      empty={t('environments.empty')}
    />
  );
};
