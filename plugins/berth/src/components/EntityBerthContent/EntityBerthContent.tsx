import { Entity } from '@backstage/catalog-model';
import {
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
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { useBerthHealth } from '../../hooks/useBerthHealth';
import { OwnerLinks } from '../OwnerLinks';
import { componentRefsOf } from '../../hooks/useSystems';
import { ClustersTable } from '../ClustersTable';

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

/**
 * The Berth tab of a System: the System's Components (the services Berth will
 * deploy) and the clusters its environments can run on.
 */
export const EntityBerthContent = () => {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const health = useBerthHealth();
  const refs = componentRefsOf(entity);
  const components = useAsync(async () => {
    if (refs.length === 0) return [];
    const { items } = await catalogApi.getEntitiesByRefs({ entityRefs: refs });
    return items.filter((e): e is Entity => Boolean(e));
  }, [catalogApi, refs.join(',')]);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={`Berth project ${
            entity.metadata.title ?? entity.metadata.name
          }`}
        >
          <Typography variant="body2">
            The Components of this System are the services Berth deploys into
            its environments, one namespace per environment.
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        {components.loading && <Progress />}
        {components.error && <ResponseErrorPanel error={components.error} />}
        {components.value && (
          <Table<Entity>
            title="Services"
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={columns}
            data={components.value.map(e => ({ ...e, id: e.metadata.name }))}
            emptyContent={
              <div style={{ padding: 16 }}>This System has no Components.</div>
            }
          />
        )}
      </Grid>
      <Grid item xs={12}>
        {health.error && <ResponseErrorPanel error={health.error} />}
        {health.value && <ClustersTable clusters={health.value.clusters} />}
      </Grid>
    </Grid>
  );
};
