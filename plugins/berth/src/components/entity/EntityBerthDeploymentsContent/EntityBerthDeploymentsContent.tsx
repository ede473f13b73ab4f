import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, TableColumn } from '@backstage/core-components';
import { DataTable } from '../../common/DataTable';
import { EnvironmentLink } from '../../environments/EnvironmentLink';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  ComponentDeployment,
  EnvironmentStatus,
} from '@berth/plugin-berth-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { berthApiRef } from '../../../api';
import { useEnvironmentStatusSignals } from '../../../hooks/useEnvironmentStatusSignals';
import { toProjectRef } from '../../../lib/refs';
import { ImageList } from '../../services/ImageList';
import { WorkloadStatusChip } from '../../common/WorkloadStatusChip';
import { berthTranslationRef } from '../../../translation';

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
  const { t } = useTranslationRef(berthTranslationRef);
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
      title: t('environmentPage.labels.project'),
      field: 'projectRef',
      render: d => (
        <EntityRefLink entityRef={d.projectRef} defaultKind="system" />
      ),
    },
    {
      title: t('environments.environment'),
      field: 'environment',
      highlight: true,
      render: d => (
        <EnvironmentLink id={d.environmentId} name={d.environment} />
      ),
    },
    { title: t('servicesTable.service'), field: 'service' },
    { title: t('environmentPage.labels.cluster'), field: 'cluster' },
    { title: t('environmentPage.labels.namespace'), field: 'namespace' },
    { title: t('environmentPage.labels.tier'), field: 'tier' },
    {
      title: t('servicesTable.revision'),
      field: 'revision',
      render: d => d.revision ?? '—',
    },
    {
      title: t('servicesTable.images'),
      render: d => <ImageList images={d.images} />,
    },
    {
      title: t('servicesTable.status'),
      field: 'status',
      render: d => <WorkloadStatusChip status={d.status} />,
    },
  ];

  if (deployments.loading) return <Progress />;
  return (
    <DataTable<Row>
      title={t('entity.deployments')}
      subtitle={t('entity.deploymentsSubtitle')}
      error={deployments.error}
      columns={columns}
      data={(deployments.value ?? []).map(d => ({
        ...withLive(d, live),
        id: `${d.environmentId}/${d.service}`,
      }))}
      empty={t('entity.notDeployed')}
    />
  );
};
