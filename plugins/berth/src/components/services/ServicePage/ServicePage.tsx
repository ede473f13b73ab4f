import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  HeaderLabel,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ServiceRevision } from '@berth/plugin-berth-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { berthApiRef } from '../../../api';
import { BerthRefreshProvider } from '../../../hooks/useBerthRefresh';
import { useProjectUpdatePermission } from '../../../hooks/useProjectUpdatePermission';
import { errorMessage } from '../../../lib/errors';
import { projectServicesRouteRef } from '../../../routes';
import { ChartInfoCard } from '../../helm/ChartInfo';
import { ManifestPreview } from '../../deployments/ManifestPreview';
import { ChartVersionsCard } from './ChartVersionsCard';
import { ServiceValuesCard } from './ServiceValuesCard';
import { PageLayout } from '../../common/PageLayout';
import { BerthTranslate } from '../../../translation';
import { berthTranslationRef } from '../../../translation';

/** What a revision deploys, in a few words. */
export function revisionChart(revision: ServiceRevision): string {
  const spec = revision.spec;
  if (spec.kind === 'manifests') return 'manifests';
  const chart = spec.chart;
  switch (chart.type) {
    case 'archive':
    case 'repository':
      return `${chart.name} ${chart.version}`;
    default:
      return chart.path;
  }
}

const revisionColumns = (
  t: BerthTranslate,
): TableColumn<ServiceRevision & { id: number }>[] => [
  { title: t('servicePage.revision'), field: 'revision' },
  { title: t('servicePage.chart'), render: r => revisionChart(r) },
  {
    title: t('servicePage.values'),
    render: r =>
      r.spec.kind === 'helm' && r.spec.valuesFrom
        ? t('servicePage.valuesFrom', {
            file: r.spec.valuesFrom.url.split('/').pop() ?? '',
          })
        : t('servicePage.inline'),
  },
  {
    title: t('servicePage.createdBy'),
    render: r => <EntityRefLink entityRef={r.createdBy} defaultKind="user" />,
  },
  {
    title: t('servicePage.created'),
    render: r => r.createdAt.replace('T', ' ').slice(0, 16),
  },
];

/**
 * A service of a project, at
 * `/berth/projects/:namespace/:name/services/:service`: its chart, revisions
 * and chart versions, its values, and a preview in an environment.
 */
export const ServicePage = () => {
  const { namespace = '', name = '', service = '' } = useParams();
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const servicesLink = useRouteRef(projectServicesRouteRef);
  const { allowed: canUpdate } = useProjectUpdatePermission({
    namespace,
    name,
  });
  const [changes, setChanges] = useState(0);
  const projectRef = { namespace, name };
  const data = useAsync(async () => {
    const [project, revisions, environments] = await Promise.all([
      berthApi.getProject(projectRef),
      berthApi.listServiceRevisions(projectRef, service),
      berthApi.listEnvironments(projectRef),
    ]);
    return { project, revisions, environments };
  }, [berthApi, namespace, name, service, changes]);
  const chart = useAsync(async () => {
    const latest = data.value?.revisions[0];
    if (!latest || latest.spec.kind !== 'helm') return undefined;
    if (latest.spec.chart.type !== 'archive') return undefined;
    return berthApi.getServiceChart(projectRef, service, latest.revision);
  }, [data.value]);
  const changed = useCallback(() => setChanges(n => n + 1), []);

  const value = data.value;
  const latest = value?.revisions[0];
  const info = value?.project.services.find(s => s.name === service);
  const projectTitle = value?.project.title ?? value?.project.name ?? name;
  const isImported =
    latest?.spec.kind === 'helm' && latest.spec.chart.type === 'archive';

  return (
    <BerthRefreshProvider actions={changes} refresh={changed}>
      <PageLayout
        title={service}
        subtitle={t('servicePage.subtitle', { project: projectTitle })}
        type={{
          label: t('servicesPage.services'),
          link: servicesLink(projectRef),
        }}
        labels={
          <>
            {info && (
              <HeaderLabel label={t('servicePage.kind')} value={info.kind} />
            )}
            {latest && (
              <HeaderLabel
                label={t('servicePage.chart')}
                value={revisionChart(latest)}
              />
            )}
            {info && (
              <HeaderLabel
                label={t('servicePage.latestRevision')}
                value={info.latestRevision}
              />
            )}
          </>
        }
      >
        {!value && data.loading && <Progress />}
        {data.error && <ResponseErrorPanel error={data.error} />}
        {value && latest && (
          <Grid container spacing={3}>
            <Grid item xs={12} md={6}>
              {chart.loading && <Progress />}
              {chart.error && (
                <Typography color="error">
                  {t('importValues.readFailed', {
                    error: errorMessage(chart.error),
                  })}
                </Typography>
              )}
              {chart.value && (
                <ChartInfoCard
                  info={chart.value}
                  title={t('servicePage.chartOf', {
                    revision: String(chart.value.revision),
                  })}
                />
              )}
              {!isImported && (
                <Typography>
                  {t('servicePage.notImported', {
                    service,
                    chart: revisionChart(latest),
                  })}
                </Typography>
              )}
            </Grid>
            <Grid item xs={12} md={6}>
              {isImported && (
                <ChartVersionsCard
                  project={projectRef}
                  service={service}
                  canUpdate={canUpdate}
                  onChanged={changed}
                />
              )}
            </Grid>
            <Grid item xs={12}>
              <ServiceValuesCard
                key={latest.revision}
                project={projectRef}
                latest={latest}
                chart={chart.value}
                canUpdate={canUpdate}
                onChanged={changed}
              />
            </Grid>
            <Grid item xs={12}>
              <ManifestPreview
                service={service}
                environments={value.environments}
                revisions={value.revisions.map(r => r.revision)}
              />
            </Grid>
            <Grid item xs={12}>
              <Table
                title={t('servicePage.revisions')}
                options={{ paging: false, search: false, padding: 'dense' }}
                columns={revisionColumns(t)}
                data={value.revisions.map(r => ({ ...r, id: r.revision }))}
              />
            </Grid>
          </Grid>
        )}
      </PageLayout>
    </BerthRefreshProvider>
  );
};
