import { Table, TableColumn } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  BerthEnvironment,
  BerthProject,
  BerthService,
  EnvironmentServiceSettings,
  EnvironmentStatus,
  ServiceStatus,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { berthApiRef } from '../../../api';
import { EnvironmentPermissions } from '../../../hooks/useEnvironmentPermissions';
import { errorMessage } from '../../../lib/errors';
import { DeployServiceDialog } from '../DeployServiceDialog';
import { ImageList } from '../ImageList';
import { ScaleServiceDialog } from '../ScaleServiceDialog';
import { WorkloadStatusChip } from '../../common/WorkloadStatusChip';
import { useAnnounceOperation } from '../../../hooks/useAnnounceOperation';
import { RevisionCell } from './RevisionCell';

/** A service of the environment: what the project defines, what is pinned, what runs. */
export interface ServiceRow {
  id: string;
  name: string;
  service?: BerthService;
  settings: EnvironmentServiceSettings;
  live?: ServiceStatus;
}

function rowsOf(
  project: BerthProject | undefined,
  environment: BerthEnvironment,
  status: EnvironmentStatus | undefined,
): ServiceRow[] {
  const names = [
    ...(project?.services.map(s => s.name) ?? []),
    ...Object.keys(environment.services),
    ...(status?.services.map(s => s.service) ?? []),
  ].filter((name, i, all) => all.indexOf(name) === i);
  return names.map(name => ({
    id: name,
    name,
    service: project?.services.find(s => s.name === name),
    settings: environment.services[name] ?? {},
    live: status?.services.find(s => s.service === name),
  }));
}

/**
 * The services of an environment with what runs of each, and (for users who
 * may deploy) deploy/update, restart and scale.
 */
export const ServicesTable = (props: {
  environment: BerthEnvironment;
  project?: BerthProject;
  status?: EnvironmentStatus;
  permissions: EnvironmentPermissions;
  onChanged: () => void;
  /** More columns after the status, e.g. drift and history. */
  extraColumns?: TableColumn<ServiceRow>[];
}) => {
  const { environment, project, status, permissions, onChanged } = props;
  const berthApi = useApi(berthApiRef);
  const alertApi = useApi(alertApiRef);
  const [deploying, setDeploying] = useState<ServiceRow>();
  const [scaling, setScaling] = useState<ServiceRow>();
  const [busy, setBusy] = useState<string>();

  const restart = async (row: ServiceRow) => {
    setBusy(row.name);
    try {
      await berthApi.restartService(environment.id, row.name);
      alertApi.post({
        message: `Restarting ${row.name}`,
        severity: 'success',
        display: 'transient',
      });
      onChanged();
    } catch (error) {
      alertApi.post({
        message: `Could not restart ${row.name}: ${errorMessage(error)}`,
        severity: 'error',
      });
    } finally {
      setBusy(undefined);
    }
  };

  const announce = useAnnounceOperation();
  // The explicit move to a newer revision: the pin changes, and for users
  // who may deploy (the environment awake) the service deploys at once.
  const moveRevision = async (row: ServiceRow, revision: number) => {
    setBusy(row.name);
    try {
      const deploy = permissions.canDeploy && !environment.sleeping;
      const { operation } = await berthApi.setServiceRevision(
        environment.id,
        row.name,
        { revision, deploy },
      );
      onChanged();
      if (deploy) {
        await announce(
          operation,
          `Deploying ${row.name} at revision ${revision}`,
        );
      } else {
        alertApi.post({
          message: `${row.name} is pinned to revision ${revision}`,
          severity: 'success',
          display: 'transient',
        });
      }
    } catch (error) {
      alertApi.post({
        message: `Could not move ${
          row.name
        } to revision ${revision}: ${errorMessage(error)}`,
        severity: 'error',
      });
    } finally {
      setBusy(undefined);
    }
  };

  const columns: TableColumn<ServiceRow>[] = [
    {
      title: 'Service',
      field: 'name',
      highlight: true,
      render: row => (
        <>
          <Typography variant="body2">{row.name}</Typography>
          {row.service && (
            <Typography variant="caption">
              <EntityRefLink
                entityRef={row.service.componentRef}
                defaultKind="component"
              />
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Revision',
      render: row => (
        <RevisionCell
          row={row}
          available={environment.availableRevisions?.[row.name]}
          onMove={
            permissions.canUpdate
              ? revision => moveRevision(row, revision)
              : undefined
          }
          busy={busy === row.name}
        />
      ),
    },
    {
      title: 'Images',
      render: row => (
        <ImageList
          images={
            row.live?.images.length
              ? row.live.images
              : Object.values(row.settings.images ?? {})
          }
        />
      ),
    },
    {
      title: 'Ready',
      render: row =>
        row.live ? `${row.live.readyReplicas}/${row.live.replicas}` : '—',
    },
    {
      title: 'Status',
      render: row => (
        <WorkloadStatusChip
          status={row.live?.status ?? (status ? 'NotDeployed' : undefined)}
          message={row.live?.message}
        />
      ),
    },
  ];
  columns.push(...(props.extraColumns ?? []));
  if (permissions.canDeploy) {
    columns.push({
      title: 'Actions',
      render: row => (
        <Box display="flex" style={{ gap: 4, whiteSpace: 'nowrap' }}>
          <Button
            size="small"
            color="primary"
            onClick={() => setDeploying(row)}
            aria-label={`Deploy ${row.name}`}
          >
            Deploy
          </Button>
          <Button
            size="small"
            onClick={() => restart(row)}
            disabled={busy === row.name || !row.live}
            aria-label={`Restart ${row.name}`}
          >
            Restart
          </Button>
          <Button
            size="small"
            onClick={() => setScaling(row)}
            disabled={!row.live}
            aria-label={`Scale ${row.name}`}
          >
            Scale
          </Button>
        </Box>
      ),
    });
  }

  return (
    <>
      <Table<ServiceRow>
        title="Services"
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={rowsOf(project, environment, status)}
        emptyContent={
          <div style={{ padding: 16 }}>The project has no services.</div>
        }
      />
      {deploying && (
        <DeployServiceDialog
          open
          environmentId={environment.id}
          service={deploying.name}
          latestRevision={deploying.service?.latestRevision}
          kind={deploying.service?.kind}
          settings={deploying.settings}
          canUpdate={permissions.canUpdate}
          onClose={() => setDeploying(undefined)}
          onDeployed={onChanged}
        />
      )}
      {scaling && (
        <ScaleServiceDialog
          open
          environmentId={environment.id}
          service={scaling.name}
          replicas={scaling.live?.replicas ?? 1}
          onClose={() => setScaling(undefined)}
          onScaled={onChanged}
        />
      )}
    </>
  );
};
