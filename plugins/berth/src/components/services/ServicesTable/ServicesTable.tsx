import { Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
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
import { useAlertingAction } from '../../../hooks/useAlertingAction';
import { berthTranslationRef } from '../../../translation';
import { DeployServiceDialog } from '../DeployServiceDialog';
import { ImageList } from '../ImageList';
import { ScaleServiceDialog } from '../ScaleServiceDialog';
import { WorkloadStatusChip } from '../../common/WorkloadStatusChip';
import { useAnnounceOperation } from '../../../hooks/useAnnounceOperation';
import { RevisionCell } from './RevisionCell';
import { useSuccessAlert } from '../../../hooks/useSuccessAlert';

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
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const notifySuccess = useSuccessAlert();
  const announce = useAnnounceOperation();
  const [deploying, setDeploying] = useState<ServiceRow>();
  const [scaling, setScaling] = useState<ServiceRow>();

  const restart = useAlertingAction(
    async (row: ServiceRow) => {
      await berthApi.restartService(environment.id, row.name);
      notifySuccess(t('servicesTable.restarting', { service: row.name }));
      onChanged();
    },
    row => t('servicesTable.restartFailed', { service: row.name }),
  );

  // The explicit move to a newer revision: the pin changes, and for users
  // who may deploy (the environment awake) the service deploys at once.
  const moveRevision = useAlertingAction(
    async (row: ServiceRow, revision: number) => {
      const deploy = permissions.canDeploy && !environment.sleeping;
      const { operation } = await berthApi.setServiceRevision(
        environment.id,
        row.name,
        { revision, deploy },
      );
      onChanged();
      const names = { service: row.name, revision: String(revision) };
      if (deploy) {
        await announce(operation, t('servicesTable.deployingRevision', names));
      } else {
        notifySuccess(t('servicesTable.pinned', names));
      }
    },
    (row, revision) =>
      t('servicesTable.moveFailed', {
        service: row.name,
        revision: String(revision),
      }),
  );
  const busy =
    restart.running?.[0].name ?? moveRevision.running?.[0].name ?? undefined;

  const columns: TableColumn<ServiceRow>[] = [
    {
      title: t('servicesTable.service'),
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
      title: t('servicesTable.revision'),
      render: row => (
        <RevisionCell
          row={row}
          available={environment.availableRevisions?.[row.name]}
          onMove={
            permissions.canUpdate
              ? revision => moveRevision.run(row, revision)
              : undefined
          }
          busy={busy === row.name}
        />
      ),
    },
    {
      title: t('servicesTable.images'),
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
      title: t('servicesTable.ready'),
      render: row =>
        row.live ? `${row.live.readyReplicas}/${row.live.replicas}` : '—',
    },
    {
      title: t('servicesTable.status'),
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
      title: t('servicesTable.actions'),
      render: row => (
        <Box display="flex" style={{ gap: 4, whiteSpace: 'nowrap' }}>
          <Button
            size="small"
            color="primary"
            onClick={() => setDeploying(row)}
            aria-label={t('servicesTable.deployService', { service: row.name })}
          >
            {t('servicesTable.deploy')}
          </Button>
          <Button
            size="small"
            onClick={() => restart.run(row)}
            disabled={busy === row.name || !row.live}
            aria-label={t('servicesTable.restartService', {
              service: row.name,
            })}
          >
            {t('servicesTable.restart')}
          </Button>
          <Button
            size="small"
            onClick={() => setScaling(row)}
            disabled={!row.live}
            aria-label={t('servicesTable.scaleService', { service: row.name })}
          >
            {t('servicesTable.scale')}
          </Button>
        </Box>
      ),
    });
  }

  return (
    <>
      <Table<ServiceRow>
        title={t('servicesTable.title')}
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={rowsOf(project, environment, status)}
        emptyContent={
          <div style={{ padding: 16 }}>{t('servicesTable.empty')}</div>
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
