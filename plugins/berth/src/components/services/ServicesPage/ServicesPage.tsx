import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  ContentHeader,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { PageLayout } from '../../common/PageLayout';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { BerthService } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import CloudDownloadIcon from '@material-ui/icons/CloudDownload';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useProjectUpdatePermission } from '../../../hooks/useProjectUpdatePermission';
import { importChartsRouteRef, serviceRouteRef } from '../../../routes';
import { useProject } from '../../../hooks/useProject';
import { berthTranslationRef } from '../../../translation';

/**
 * "Import Helm charts" for a project, for those who may change its services
 * (`berth.project.update`).
 */
export const ImportChartsButton = (props: {
  namespace: string;
  name: string;
  title: string;
}) => {
  const importLink = useRouteRef(importChartsRouteRef);
  const { t } = useTranslationRef(berthTranslationRef);
  const { allowed } = useProjectUpdatePermission(props);
  if (!allowed) return null;
  return (
    <Button
      component={RouterLink}
      to={importLink({ namespace: props.namespace, name: props.name })}
      color="primary"
      variant="outlined"
      size="small"
      startIcon={<CloudDownloadIcon />}
      aria-label={t('importWizard.pageTitle', { project: props.title })}
    >
      {t('importWizard.title')}
    </Button>
  );
};

/** A project's services, at `/berth/projects/:namespace/:name/services`. */
export const ServicesPage = () => {
  const { namespace = '', name = '' } = useParams();
  const { t } = useTranslationRef(berthTranslationRef);
  const serviceLink = useRouteRef(serviceRouteRef);
  const project = useProject({ namespace, name });
  const title = project.value?.title ?? project.value?.name ?? name;

  const columns: TableColumn<BerthService & { id: string }>[] = [
    {
      title: t('servicesPage.service'),
      field: 'name',
      highlight: true,
      render: s => (
        <Link to={serviceLink({ namespace, name, service: s.name })}>
          {s.name}
        </Link>
      ),
    },
    { title: t('servicesPage.kind'), field: 'kind' },
    { title: t('servicesPage.latestRevision'), field: 'latestRevision' },
    {
      title: t('servicesPage.component'),
      render: s => (
        <EntityRefLink entityRef={s.componentRef} defaultKind="component" />
      ),
    },
  ];

  return (
    <PageLayout
      title={t('servicesPage.title', { project: title })}
      subtitle={t('servicesPage.subtitle')}
    >
      <ContentHeader title={t('servicesPage.services')}>
        <ImportChartsButton namespace={namespace} name={name} title={title} />
      </ContentHeader>
      {project.loading && <Progress />}
      {project.error && <ResponseErrorPanel error={project.error} />}
      {project.value && (
        <Table
          options={{ paging: false, search: true, padding: 'dense' }}
          columns={columns}
          data={project.value.services.map(s => ({ ...s, id: s.name }))}
          emptyContent={
            <div style={{ padding: 16 }}>{t('servicesPage.empty')}</div>
          }
        />
      )}
    </PageLayout>
  );
};
