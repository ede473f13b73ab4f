import { Link, Table, TableColumn } from '@backstage/core-components';
import {
  BerthEnvironment,
  EnvironmentStatus,
} from '@berth/plugin-berth-common';
import { useEnvironmentLink } from '../../../hooks/useEnvironmentLink';
import { WorkloadStatusChip } from '../../common/WorkloadStatusChip';

type Row = BerthEnvironment & { live?: EnvironmentStatus; error?: Error };

/** A project's environments with their live status, linking to their pages. */
export const EnvironmentsTable = (props: {
  environments: BerthEnvironment[];
  statuses: Record<string, EnvironmentStatus>;
  errors?: Record<string, Error>;
}) => {
  const environmentLink = useEnvironmentLink();
  const columns: TableColumn<Row>[] = [
    {
      title: 'Environment',
      field: 'name',
      highlight: true,
      render: e => {
        const href = environmentLink(e.id);
        return href ? <Link to={href}>{e.name}</Link> : e.name;
      },
    },
    { title: 'Tier', field: 'tier' },
    { title: 'Cluster', field: 'cluster' },
    { title: 'Namespace', field: 'namespace' },
    {
      title: 'Status',
      render: e => (
        <WorkloadStatusChip
          status={e.live?.status}
          message={e.error?.message}
        />
      ),
    },
  ];
  return (
    <Table<Row>
      options={{
        paging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
      }}
      columns={columns}
      data={props.environments.map(e => ({
        ...e,
        live: props.statuses[e.id],
        error: props.errors?.[e.id],
      }))}
      emptyContent={<div style={{ padding: 16 }}>No environments yet.</div>}
    />
  );
};
