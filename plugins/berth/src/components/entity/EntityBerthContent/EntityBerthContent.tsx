import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { BERTH_PROJECT_ANNOTATION } from '@berth/plugin-berth-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  BerthRefreshProvider,
  useBerthRefresh,
} from '../../../hooks/useBerthRefresh';
import { useEnvironments } from '../../../hooks/useEnvironments';
import { useProject } from '../../../hooks/useProject';
import { componentRefsOf } from '../../../hooks/useSystems';
import { toProjectRef } from '../../../lib/refs';
import { CreateEnvironmentButton } from '../../environments/CreateEnvironmentButton';
import { OwnerLinks } from '../../common/OwnerLinks';
import { ReleaseMatrix } from '../../projects/ReleaseMatrix';

const columns: TableColumn<Entity>[] = [
  {
    title: 'Component',
    field: 'metadata.name',
    highlight: true,
    render: entity => <EntityRefLink entityRef={entity} />,
  },
  { title: 'Type', field: 'spec.type' },
  { title: 'Lifecycle', field: 'spec.lifecycle' },
  {
    title: 'Owner',
    render: entity => <OwnerLinks entity={entity} />,
  },
];

function isNotFound(error: Error): boolean {
  const status = (error as { statusCode?: number }).statusCode;
  return status === 404 || error.name === 'NotFoundError';
}

/** The System's Components, the services Berth deploys. */
const ComponentsTable = (props: { entity: Entity }) => {
  const catalogApi = useApi(catalogApiRef);
  const refs = componentRefsOf(props.entity);
  const components = useAsync(async () => {
    if (refs.length === 0) return [];
    const { items } = await catalogApi.getEntitiesByRefs({ entityRefs: refs });
    return items.filter((e): e is Entity => Boolean(e));
  }, [catalogApi, refs.join(',')]);
  if (components.loading) return <Progress />;
  if (components.error) return <ResponseErrorPanel error={components.error} />;
  return (
    <Table<Entity>
      title="Components"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={(components.value ?? []).map(e => ({ ...e, id: e.metadata.name }))}
      emptyContent={
        <div style={{ padding: 16 }}>This System has no Components.</div>
      }
    />
  );
};

/** The Berth project of the System, under the page's refresh keys. */
const EntityBerthProject = () => {
  const { entity } = useEntity();
  const { refresh } = useBerthRefresh();
  const ref = stringifyEntityRef(entity);
  const project = useProject(toProjectRef(ref));
  const environments = useEnvironments(
    project.value ? toProjectRef(project.value.ref) : undefined,
  );
  const title = entity.metadata.title ?? entity.metadata.name;

  if (project.loading) return <Progress />;
  if (project.error && isNotFound(project.error)) {
    return (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <EmptyState
            missing="info"
            title={`${title} is not a Berth project`}
            description={`Add the ${BERTH_PROJECT_ANNOTATION} annotation to the System to run environments of it with Berth.`}
          />
        </Grid>
        <Grid item xs={12}>
          <ComponentsTable entity={entity} />
        </Grid>
      </Grid>
    );
  }
  if (project.error) return <ResponseErrorPanel error={project.error} />;
  const berthProject = project.value!;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={`Berth project ${title}`}
          action={
            <CreateEnvironmentButton
              project={berthProject}
              existingNames={environments.value?.map(e => e.name)}
              onCreated={refresh}
            />
          }
        >
          <Typography variant="body2">
            The Components of this System are the services Berth deploys into
            its environments, one namespace per environment.
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <ReleaseMatrix projectRef={berthProject.ref} />
      </Grid>
      <Grid item xs={12}>
        <ComponentsTable entity={entity} />
      </Grid>
    </Grid>
  );
};

/**
 * The Berth tab of a System: the release matrix of its environments, a
 * "Create environment" button and the System's Components.
 */
export const EntityBerthContent = () => {
  const [created, setCreated] = useState(0);
  const refresh = useCallback(() => setCreated(n => n + 1), []);
  return (
    <BerthRefreshProvider actions={created} refresh={refresh}>
      <EntityBerthProject />
    </BerthRefreshProvider>
  );
};
