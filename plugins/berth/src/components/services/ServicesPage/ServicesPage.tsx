import {
  Content,
  ContentHeader,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { BerthService } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import CloudDownloadIcon from '@material-ui/icons/CloudDownload';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useProjectUpdatePermission } from '../../../hooks/useProjectUpdatePermission';
import {
  importChartsRouteRef,
  rootRouteRef,
  serviceRouteRef,
} from '../../../routes';
import { useProject } from '../../../hooks/useProject';

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
      aria-label={`Import Helm charts into ${props.title}`}
    >
      Import Helm charts
    </Button>
  );
};

/** A project's services, at `/berth/projects/:namespace/:name/services`. */
export const ServicesPage = () => {
  const { namespace = '', name = '' } = useParams();
  const rootLink = useRouteRef(rootRouteRef);
  const serviceLink = useRouteRef(serviceRouteRef);
  const project = useProject({ namespace, name });
  const title = project.value?.title ?? project.value?.name ?? name;

  const columns: TableColumn<BerthService & { id: string }>[] = [
    {
      title: 'Service',
      field: 'name',
      highlight: true,
      render: s => (
        <Link to={serviceLink({ namespace, name, service: s.name })}>
          {s.name}
        </Link>
      ),
    },
    { title: 'Kind', field: 'kind' },
    { title: 'Latest revision', field: 'latestRevision' },
    {
      title: 'Component',
      render: s => (
        <EntityRefLink entityRef={s.componentRef} defaultKind="component" />
      ),
    },
  ];

  return (
    <Page themeId="tool">
      <Header
        title={`Services of ${title}`}
        subtitle="What Berth deploys into the project's environments"
        type="Berth"
        typeLink={rootLink()}
      />
      <Content>
        <ContentHeader title="Services">
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
              <div style={{ padding: 16 }}>
                No services yet: import Helm charts to add some.
              </div>
            }
          />
        )}
      </Content>
    </Page>
  );
};
