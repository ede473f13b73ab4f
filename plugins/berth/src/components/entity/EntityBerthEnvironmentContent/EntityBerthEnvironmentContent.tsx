import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  BERTH_ENVIRONMENT_ID_ANNOTATION,
  BerthEnvironment,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import { useCallback, useRef, useState } from 'react';
import {
  BerthRefreshProvider,
  useBerthRefresh,
} from '../../../hooks/useBerthRefresh';
import { useEnvironment } from '../../../hooks/useEnvironment';
import { useEnvironmentPermissions } from '../../../hooks/useEnvironmentPermissions';
import { useEnvironmentSleep } from '../../../hooks/useEnvironmentSleep';
import { useEnvironmentStatus } from '../../../hooks/useEnvironmentStatus';
import { useProject } from '../../../hooks/useProject';
import { toProjectRef } from '../../../lib/refs';
import { berthTranslationRef } from '../../../translation';
import { CardColumn } from '../../common/CardColumn';
import { WorkloadStatusChip } from '../../common/WorkloadStatusChip';
import { EnvironmentLink } from '../../environments/EnvironmentLink';
import { RunButtons } from '../../environments/RunButtons';
import { SleepBanner } from '../../environments/SleepControls';
import { ActivityPanel } from '../../operations/ActivityPanel';
import { ServicesTable } from '../../services/ServicesTable';

/** The environment's services and the actions the signed-in user may take. */
const EnvironmentServices = (props: { environment: BerthEnvironment }) => {
  const { environment } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const { refresh: changed } = useBerthRefresh();
  const status = useEnvironmentStatus(environment.id);
  const project = useProject(toProjectRef(environment.projectRef));
  const permissions = useEnvironmentPermissions(environment.id);
  const sleep = useEnvironmentSleep(environment.id);
  const sleeping =
    sleep.value?.sleeping ??
    (Boolean(environment.sleeping) || status.value?.status === 'Sleeping');

  return (
    <CardColumn>
      <InfoCard
        title={<EnvironmentLink id={environment.id} name={environment.name} />}
        subheader={t('entityEnvironment.subheader', {
          cluster: environment.cluster,
          namespace: environment.namespace,
          tier: environment.tier,
        })}
        action={
          <WorkloadStatusChip
            status={status.value?.status}
            message={status.error?.message}
          />
        }
      >
        <Box display="flex" style={{ gap: 8 }} mb={1}>
          <RunButtons
            environment={environment}
            permissions={permissions}
            sleep={sleep}
            sleeping={sleeping}
            onChanged={changed}
          />
        </Box>
        <SleepBanner sleep={sleep.value} />
        <ActivityPanel
          variant="active"
          environmentId={environment.id}
          canCancel={permissions.canDeploy}
        />
      </InfoCard>
      <>
        {project.error && <ResponseErrorPanel error={project.error} />}
        <ServicesTable
          environment={environment}
          project={project.value}
          status={status.value}
          permissions={permissions}
          onChanged={changed}
        />
      </>
    </CardColumn>
  );
};

/** The environment of the annotation, under its own refresh keys. */
const EnvironmentById = (props: { id: string }) => {
  const environment = useEnvironment(props.id);
  const [changes, setChanges] = useState(0);
  const reload = useRef(environment.retry);
  reload.current = environment.retry;
  // An action may have changed the environment (asleep, new revisions).
  const refresh = useCallback(() => {
    setChanges(c => c + 1);
    reload.current();
  }, []);
  if (environment.value) {
    return (
      <BerthRefreshProvider actions={changes} refresh={refresh}>
        <EnvironmentServices environment={environment.value} />
      </BerthRefreshProvider>
    );
  }
  if (environment.error) {
    return <ResponseErrorPanel error={environment.error} />;
  }
  return <Progress />;
};

/**
 * The Environment tab of an environment `Resource` (the catalog module's
 * entities, annotated `berth.dev/environment-id`): its services with their
 * status and actions, deploy all and sleep or wake for those who may, and
 * what runs now; a link to the environment's page in Berth.
 */
export const EntityBerthEnvironmentContent = () => {
  const { entity } = useEntity();
  const { t } = useTranslationRef(berthTranslationRef);
  const id = entity.metadata.annotations?.[BERTH_ENVIRONMENT_ID_ANNOTATION];
  if (!id) {
    return (
      <EmptyState
        missing="info"
        title={t('entityEnvironment.notEnvironment', {
          name: entity.metadata.name,
        })}
        description={t('entityEnvironment.notEnvironmentDescription', {
          annotation: BERTH_ENVIRONMENT_ID_ANNOTATION,
        })}
      />
    );
  }
  return <EnvironmentById id={id} />;
};
