import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { DataTable } from '../../common/DataTable';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { BERTH_PROJECT_ANNOTATION } from '@berth/plugin-berth-common';
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
import { WorkflowsCard } from '../../workflows/WorkflowsCard';
import { BerthTranslate, berthTranslationRef } from '../../../translation';
import { CardColumn } from '../../common/CardColumn';

const columns = (t: BerthTranslate): TableColumn<Entity>[] => [
  {
    title: t('entity.component'),
    field: 'metadata.name',
    highlight: true,
    render: entity => <EntityRefLink entityRef={entity} />,
  },
  { title: t('entity.type'), field: 'spec.type' },
  { title: t('entity.lifecycle'), field: 'spec.lifecycle' },
  {
    title: t('otherSystems.owner'),
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
  const { t } = useTranslationRef(berthTranslationRef);
  const refs = componentRefsOf(props.entity);
  const components = useAsync(async () => {
    if (refs.length === 0) return [];
    const { items } = await catalogApi.getEntitiesByRefs({ entityRefs: refs });
    return items.filter((e): e is Entity => Boolean(e));
  }, [catalogApi, refs.join(',')]);
  if (components.loading) return <Progress />;
  return (
    <DataTable<Entity>
      title={t('otherSystems.components')}
      error={components.error}
      columns={columns(t)}
      data={(components.value ?? []).map(e => ({ ...e, id: e.metadata.name }))}
      empty={t('entity.noComponents')}
    />
  );
};

/** The Berth project of the System, under the page's refresh keys. */
const EntityBerthProject = () => {
  const { entity } = useEntity();
  const { refresh } = useBerthRefresh();
  const { t } = useTranslationRef(berthTranslationRef);
  const ref = stringifyEntityRef(entity);
  const project = useProject(toProjectRef(ref));
  const environments = useEnvironments(
    project.value ? toProjectRef(project.value.ref) : undefined,
  );
  const title = entity.metadata.title ?? entity.metadata.name;

  if (project.loading) return <Progress />;
  if (project.error && isNotFound(project.error)) {
    return (
      <CardColumn>
        <EmptyState
          missing="info"
          title={t('entity.notProject', { title })}
          description={t('entity.notProjectDescription', {
            annotation: BERTH_PROJECT_ANNOTATION,
          })}
        />
        <ComponentsTable entity={entity} />
      </CardColumn>
    );
  }
  if (project.error) return <ResponseErrorPanel error={project.error} />;
  const berthProject = project.value!;

  return (
    <CardColumn>
      <InfoCard
        title={t('entity.project', { title })}
        action={
          <CreateEnvironmentButton
            project={berthProject}
            existingNames={environments.value?.map(e => e.name)}
            onCreated={refresh}
          />
        }
      >
        <Typography variant="body2">{t('entity.explanation')}</Typography>
      </InfoCard>
      <ReleaseMatrix projectRef={berthProject.ref} />
      <WorkflowsCard projectRef={berthProject.ref} />
      <ComponentsTable entity={entity} />
    </CardColumn>
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
