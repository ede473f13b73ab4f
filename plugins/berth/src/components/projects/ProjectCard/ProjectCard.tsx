import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { BerthProject } from '@berth/plugin-berth-common';
import Typography from '@material-ui/core/Typography';
import { useEnvironmentStatuses } from '../../../hooks/useEnvironmentStatuses';
import { toProjectRef } from '../../../lib/refs';
import { projectServicesRouteRef } from '../../../routes';
import { CreateEnvironmentButton } from '../../environments/CreateEnvironmentButton';
import { EnvironmentsTable } from '../../environments/EnvironmentsTable';
import { ImportChartsButton } from '../../services/ServicesPage';
import { useEnvironments } from '../../../hooks/useEnvironments';
import { berthTranslationRef } from '../../../translation';

/** A project with its environments and their live status. */
export const ProjectCard = (props: { project: BerthProject }) => {
  const { project } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const environments = useEnvironments(toProjectRef(project.ref));
  const ids = (environments.value ?? []).map(e => e.id);
  const { statuses, errors } = useEnvironmentStatuses(ids);
  const servicesLink = useRouteRef(projectServicesRouteRef);
  const projectRef = toProjectRef(project.ref);

  return (
    <InfoCard
      title={project.title ?? project.name}
      subheader={
        <Typography variant="body2" component="span">
          <EntityRefLink entityRef={project.ref} defaultKind="system" />
          {project.ownerRef && (
            <>
              {t('projects.ownedBy')}
              <EntityRefLink entityRef={project.ownerRef} defaultKind="group" />
            </>
          )}
          {' · '}
          <Link to={servicesLink(projectRef)}>
            {project.services.length === 1
              ? t('projects.oneService')
              : t('projects.services', {
                  n: String(project.services.length),
                })}
          </Link>
        </Typography>
      }
      action={
        <>
          <ImportChartsButton
            {...projectRef}
            title={project.title ?? project.name}
          />{' '}
          <CreateEnvironmentButton
            project={project}
            existingNames={environments.value?.map(e => e.name)}
            onCreated={environments.retry}
          />
        </>
      }
      noPadding
    >
      {environments.loading && !environments.value && <Progress />}
      {environments.error && <ResponseErrorPanel error={environments.error} />}
      {environments.value && (
        <EnvironmentsTable
          environments={environments.value}
          statuses={statuses}
          errors={errors}
        />
      )}
    </InfoCard>
  );
};
