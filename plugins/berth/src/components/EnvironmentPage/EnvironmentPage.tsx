import {
  Content,
  ContentHeader,
  Header,
  HeaderLabel,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import { BerthEnvironment } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import DeleteIcon from '@material-ui/icons/Delete';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../../api';
import { useEnvironmentPermissions } from '../../hooks/useEnvironmentPermissions';
import { useEnvironmentStatuses } from '../../hooks/useEnvironmentStatuses';
import { errorMessage } from '../../lib/errors';
import { refName, toProjectRef } from '../../lib/refs';
import { rootRouteRef } from '../../routes';
import { DeleteEnvironmentDialog } from '../DeleteEnvironmentDialog';
import { DeploymentHistoryTable } from '../DeploymentHistoryTable';
import { EventsTable } from '../EventsTable';
import { PodsTable } from '../PodsTable';
import { ServicesTable } from '../ServicesTable';
import { WorkloadStatusChip } from '../WorkloadStatusChip';

const EnvironmentDetails = (props: {
  environment: BerthEnvironment;
  /** Reloads the environment, whose settings an action may have changed. */
  reload: () => void;
}) => {
  const { environment, reload } = props;
  const berthApi = useApi(berthApiRef);
  const alertApi = useApi(alertApiRef);
  const navigate = useNavigate();
  const rootLink = useRouteRef(rootRouteRef);
  const permissions = useEnvironmentPermissions(environment.id);
  const [changes, setChanges] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const { statuses, errors } = useEnvironmentStatuses(
    [environment.id],
    changes,
  );
  const status = statuses[environment.id];
  const changed = () => {
    setChanges(c => c + 1);
    reload();
  };

  // Pods, events and history follow the user's actions and the live status.
  const [statusChanges, setStatusChanges] = useState(0);
  const lastUpdate = useRef<string>();
  useEffect(() => {
    const at = status?.updatedAt;
    if (at && lastUpdate.current && at !== lastUpdate.current) {
      setStatusChanges(n => n + 1);
    }
    if (at) lastUpdate.current = at;
  }, [status?.updatedAt]);
  const refreshKey = `${changes}/${statusChanges}`;
  const project = useAsync(
    () => berthApi.getProject(toProjectRef(environment.projectRef)),
    [berthApi, environment.projectRef],
  );
  const projectTitle =
    project.value?.title ??
    project.value?.name ??
    refName(environment.projectRef);

  const deployAll = async () => {
    try {
      await berthApi.deployEnvironment(environment.id);
      alertApi.post({
        message: `Deploying every service of ${environment.name}`,
        severity: 'success',
        display: 'transient',
      });
      changed();
    } catch (error) {
      alertApi.post({
        message: `Could not deploy ${environment.name}: ${errorMessage(error)}`,
        severity: 'error',
      });
    }
  };

  return (
    <Page themeId="tool">
      <Header
        title={environment.name}
        subtitle={`Environment of ${projectTitle}`}
        type="Berth"
        typeLink={rootLink()}
      >
        <HeaderLabel label="Project" value={projectTitle} />
        <HeaderLabel label="Cluster" value={environment.cluster} />
        <HeaderLabel label="Namespace" value={environment.namespace} />
        <HeaderLabel label="Tier" value={environment.tier} />
        <HeaderLabel
          label="Status"
          value={
            <WorkloadStatusChip
              status={status?.status}
              message={errors[environment.id]?.message}
            />
          }
        />
      </Header>
      <Content>
        <ContentHeader title="Workloads">
          <Box display="flex" style={{ gap: 8 }}>
            {permissions.canDeploy && (
              <Button
                variant="outlined"
                color="primary"
                startIcon={<PlayArrowIcon />}
                onClick={deployAll}
              >
                Deploy all
              </Button>
            )}
            {permissions.canDelete && (
              <Button
                variant="outlined"
                color="secondary"
                startIcon={<DeleteIcon />}
                onClick={() => setDeleting(true)}
              >
                Delete environment
              </Button>
            )}
          </Box>
        </ContentHeader>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            {project.error && <ResponseErrorPanel error={project.error} />}
            <ServicesTable
              environment={environment}
              project={project.value}
              status={status}
              permissions={permissions}
              onChanged={changed}
            />
          </Grid>
          <Grid item xs={12}>
            <PodsTable environmentId={environment.id} refreshKey={refreshKey} />
          </Grid>
          <Grid item xs={12}>
            <EventsTable
              environmentId={environment.id}
              refreshKey={refreshKey}
            />
          </Grid>
          <Grid item xs={12}>
            <DeploymentHistoryTable
              environmentId={environment.id}
              refreshKey={refreshKey}
            />
          </Grid>
        </Grid>
        {deleting && (
          <DeleteEnvironmentDialog
            open
            environment={environment}
            onClose={() => setDeleting(false)}
            onDeleted={() => {
              alertApi.post({
                message: `Deleted environment ${environment.name}`,
                severity: 'success',
                display: 'transient',
              });
              navigate(rootLink());
            }}
          />
        )}
      </Content>
    </Page>
  );
};

/** The page of one environment, at `/berth/environments/:id`. */
export const EnvironmentPage = () => {
  const { id = '' } = useParams();
  const berthApi = useApi(berthApiRef);
  const environment = useAsyncRetry(
    () => berthApi.getEnvironment(id),
    [berthApi, id],
  );

  if (environment.value && environment.value.id === id) {
    return (
      <EnvironmentDetails
        environment={environment.value}
        reload={environment.retry}
      />
    );
  }
  return (
    <Page themeId="tool">
      <Header title="Environment" type="Berth" />
      <Content>
        {environment.loading && <Progress />}
        {environment.error && <ResponseErrorPanel error={environment.error} />}
      </Content>
    </Page>
  );
};
