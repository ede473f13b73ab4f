import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  ComponentDeployment,
  EnvironmentStatus,
} from '@berth/plugin-berth-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { berthApiRef } from '../../../api';
import { useEnvironmentLink } from '../../../hooks/useEnvironmentLink';
import { useEnvironmentStatusSignals } from '../../../hooks/useEnvironmentStatusSignals';
import { toProjectRef } from '../../../lib/refs';
import { ImageList } from '../../services/ImageList';
import { WorkloadStatusChip } from '../../common/WorkloadStatusChip';

type Row = ComponentDeployment & { id: string };

/** A row with what the signals said last about its service. */
function withLive(
  row: ComponentDeployment,
  live: Record<string, EnvironmentStatus>,
): ComponentDeployment {
  const running = live[row.environmentId]?.services.find(
    s => s.service === row.service,
  );
  return running
    ? {
        ...row,
        revision: running.revision,
        images: running.images,
        status: running.status,
      }
    : row;
}

/**
 * The Deployments tab of a Component: every environment that runs one of its
 * services, with revision, images and live status.
 */
export const EntityBerthDeploymentsContent = () => {
  const { entity } = useEntity();
  const berthApi = useApi(berthApiRef);
  const environmentLink = useEnvironmentLink();
  const ref = stringifyEntityRef(entity);
  const [live, setLive] = useState<Record<string, EnvironmentStatus>>({});
  const deployments = useAsync(
    () => berthApi.listComponentDeployments(toProjectRef(ref, 'component')),
    [berthApi, ref],
  );
  useEnvironmentStatusSignals(
    status => setLive(prev => ({ ...prev, [status.environmentId]: status })),
    id => Boolean(deployments.value?.some(d => d.environmentId === id)),
  );

  const columns: TableColumn<Row>[] = [
    {
      title: 'Project',
      field: 'projectRef',
      render: d => (
        <EntityRefLink entityRef={d.projectRef} defaultKind="system" />
      ),
    },
    {
      title: 'Environment',
      field: 'environment',
      highlight: true,
      render: d => {
        const href = environmentLink(d.environmentId);
        return href ? <Link to={href}>{d.environment}</Link> : d.environment;
      },
    },
    { title: 'Service', field: 'service' },
    { title: 'Cluster', field: 'cluster' },
    { title: 'Namespace', field: 'namespace' },
    { title: 'Tier', field: 'tier' },
    { title: 'Revision', field: 'revision', render: d => d.revision ?? '—' },
    { title: 'Images', render: d => <ImageList images={d.images} /> },
    {
      title: 'Status',
      field: 'status',
      render: d => <WorkloadStatusChip status={d.status} />,
    },
  ];

  if (deployments.loading) return <Progress />;
  if (deployments.error) {
    return <ResponseErrorPanel error={deployments.error} />;
  }
  return (
    <Table<Row>
      title="Deployments"
      subtitle="Where Berth runs this Component"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={(deployments.value ?? []).map(d => ({
        ...withLive(d, live),
        id: `${d.environmentId}/${d.service}`,
      }))}
      emptyContent={
        <div style={{ padding: 16 }}>
          This Component is not deployed in any Berth environment.
        </div>
      }
    />
  );
};
