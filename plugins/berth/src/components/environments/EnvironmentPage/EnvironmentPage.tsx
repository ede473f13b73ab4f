import {
  Content,
  ContentHeader,
  Header,
  HeaderLabel,
  Page,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  BerthEnvironment,
  EnvironmentStatus,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Tooltip from '@material-ui/core/Tooltip';
import DeleteIcon from '@material-ui/icons/Delete';
import FileCopyIcon from '@material-ui/icons/FileCopy';
import HistoryIcon from '@material-ui/icons/History';
import { ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { RunButtons } from '../RunButtons';
import { useAnnounceOperation } from '../../../hooks/useAnnounceOperation';
import {
  BerthRefreshProvider,
  BerthStatusRefreshProvider,
  useBerthRefresh,
} from '../../../hooks/useBerthRefresh';
import { useEnvironment } from '../../../hooks/useEnvironment';
import { useEnvironmentDrift } from '../../../hooks/useEnvironmentDrift';
import { useEnvironmentPermissions } from '../../../hooks/useEnvironmentPermissions';
import { useEnvironmentSleep } from '../../../hooks/useEnvironmentSleep';
import { useEnvironmentStatus } from '../../../hooks/useEnvironmentStatus';
import { useEnvironmentUrl } from '../../../hooks/useEnvironmentUrl';
import { useProject } from '../../../hooks/useProject';
import { refName, toProjectRef } from '../../../lib/refs';
import { forkableServices } from '../../../lib/sandboxes';
import { environmentRouteRef, rootRouteRef } from '../../../routes';
import { ActivityPanel } from '../../operations/ActivityPanel';
import { CopyEnvironmentDialog } from '../CopyEnvironmentDialog';
import { DeleteEnvironmentDialog } from '../DeleteEnvironmentDialog';
import { DeploymentHistoryTable } from '../../deployments/DeploymentHistoryTable';
import { DriftIndicator } from '../DriftIndicator';
import { EnvironmentConfigs } from '../EnvironmentConfigs';
import { EnvironmentRegistryCard } from '../EnvironmentRegistryCard';
import { EnvironmentValuesEditor } from '../../values/EnvironmentValuesEditor';
import { EventsTable } from '../EventsTable';
import { PodsTable } from '../PodsTable';
import { ServiceRow, ServicesTable } from '../../services/ServicesTable';
import { SleepBanner } from '../SleepControls';
import { SandboxesCard } from '../../sandboxes/SandboxesCard';
import { SleepScheduleEditor } from '../SleepScheduleEditor';
import { CardColumn } from '../../common/CardColumn';
import { WorkloadStatusChip } from '../../common/WorkloadStatusChip';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { berthTranslationRef } from '../../../translation';
import { useSuccessAlert } from '../../../hooks/useSuccessAlert';

/** The tabs of the environment page, by their `?tab=` value. */
const TABS = [
  'services',
  'history',
  'activity',
  'configs',
  'sandboxes',
  'settings',
] as const;
type TabValue = (typeof TABS)[number];

/**
 * Follows the live status of an environment: what follows it (sleep, pods,
 * events, history) is fetched again when it changes.
 */
const EnvironmentStatusScope = (props: {
  environmentId: string;
  children: (status: ReturnType<typeof useEnvironmentStatus>) => ReactNode;
}) => {
  const status = useEnvironmentStatus(props.environmentId);
  const [statusChanges, setStatusChanges] = useState(0);
  const lastUpdate = useRef<string>();
  useEffect(() => {
    const at = status.value?.updatedAt;
    if (at && lastUpdate.current && at !== lastUpdate.current) {
      setStatusChanges(n => n + 1);
    }
    if (at) lastUpdate.current = at;
  }, [status.value?.updatedAt]);
  return (
    <BerthStatusRefreshProvider status={statusChanges}>
      {props.children(status)}
    </BerthStatusRefreshProvider>
  );
};

const EnvironmentDetails = (props: {
  environment: BerthEnvironment;
  status?: EnvironmentStatus;
  statusError?: Error;
}) => {
  const { environment, status } = props;
  const environmentUrl = useEnvironmentUrl(environment);
  const { refresh: changed } = useBerthRefresh();
  const { t } = useTranslationRef(berthTranslationRef);
  const tabLabels: Record<TabValue, string> = {
    services: t('environmentPage.tabs.services'),
    history: t('environmentPage.tabs.history'),
    activity: t('environmentPage.tabs.activity'),
    configs: t('environmentPage.tabs.configs'),
    sandboxes: t('environmentPage.tabs.sandboxes'),
    settings: t('environmentPage.tabs.settings'),
  };
  const notifySuccess = useSuccessAlert();
  const announce = useAnnounceOperation();
  const navigate = useNavigate();
  const rootLink = useRouteRef(rootRouteRef);
  const environmentLink = useRouteRef(environmentRouteRef);
  const permissions = useEnvironmentPermissions(environment.id);
  const [deleting, setDeleting] = useState(false);
  const [copying, setCopying] = useState(false);
  const [search, setSearch] = useSearchParams();
  const tab: TabValue =
    TABS.find(value => value === search.get('tab')) ?? 'services';
  const historyService = search.get('service') ?? undefined;
  const show = (next: TabValue, service?: string) =>
    setSearch(
      { tab: next, ...(service ? { service } : {}) },
      { replace: true },
    );
  const project = useProject(toProjectRef(environment.projectRef));
  const projectTitle =
    project.value?.title ??
    project.value?.name ??
    refName(environment.projectRef);
  const sleep = useEnvironmentSleep(environment.id);
  const sleeping =
    sleep.value?.sleeping ??
    (Boolean(environment.sleeping) || status?.status === 'Sleeping');
  // Drift asks the cluster (a dry-run per service): checked again after the
  // user's actions and when the environment's roll-up status changes.
  const drift = useEnvironmentDrift(environment.id, status?.status);
  const services = [
    ...(project.value?.services.map(s => s.name) ?? []),
    ...Object.keys(environment.services),
  ].filter((name, i, all) => all.indexOf(name) === i);
  const extraColumns: TableColumn<ServiceRow>[] = [
    {
      title: t('environmentPage.drift'),
      render: row => (
        <Box display="flex" alignItems="center" style={{ gap: 4 }}>
          <DriftIndicator
            environmentId={environment.id}
            service={row.name}
            drift={drift.value?.services.find(d => d.service === row.name)}
            loading={drift.loading}
          />
          <Tooltip title={t('environmentPage.deploymentHistory')}>
            <IconButton
              size="small"
              onClick={() => show('history', row.name)}
              aria-label={t('environmentPage.historyOf', { service: row.name })}
            >
              <HistoryIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        </Box>
      ),
    },
  ];

  return (
    <Page themeId="tool">
      <Header
        title={environment.name}
        subtitle={t('environmentPage.subtitle', { project: projectTitle })}
        type="Berth"
        typeLink={rootLink()}
      >
        <HeaderLabel
          label={t('environmentPage.labels.project')}
          value={projectTitle}
        />
        {(['cluster', 'namespace', 'tier'] as const).map(field => (
          <HeaderLabel
            key={field}
            label={t(`environmentPage.labels.${field}`)}
            value={environment[field]}
          />
        ))}
        {environmentUrl && (
          <HeaderLabel
            label={t('environmentPage.labels.url')}
            value={environmentUrl}
            url={environmentUrl}
          />
        )}
        <HeaderLabel
          label={t('environmentPage.labels.status')}
          value={
            <WorkloadStatusChip
              status={status?.status}
              message={props.statusError?.message}
            />
          }
        />
      </Header>
      <Content>
        <ContentHeader title={t('environmentPage.workloads')}>
          <Box display="flex" style={{ gap: 8 }}>
            <RunButtons
              environment={environment}
              permissions={permissions}
              sleep={sleep}
              sleeping={sleeping}
              onChanged={changed}
            />
            {permissions.canCopy && (
              <Button
                variant="outlined"
                startIcon={<FileCopyIcon />}
                onClick={() => setCopying(true)}
              >
                {t('environmentPage.copy')}
              </Button>
            )}
            {permissions.canDelete && (
              <Button
                variant="outlined"
                color="secondary"
                startIcon={<DeleteIcon />}
                onClick={() => setDeleting(true)}
              >
                {t('environmentPage.deleteEnvironment')}
              </Button>
            )}
          </Box>
        </ContentHeader>
        <SleepBanner sleep={sleep.value} />
        {tab !== 'activity' && (
          <ActivityPanel
            variant="active"
            environmentId={environment.id}
            canCancel={permissions.canDeploy}
          />
        )}
        <Tabs
          value={tab}
          onChange={(_e, value: TabValue) => show(value)}
          indicatorColor="primary"
          aria-label={t('environmentPage.views')}
        >
          {TABS.map(value => (
            <Tab key={value} value={value} label={tabLabels[value]} />
          ))}
        </Tabs>
        <Box mt={2}>
          {tab === 'services' && (
            <CardColumn>
              <>
                {project.error && <ResponseErrorPanel error={project.error} />}
                <ServicesTable
                  environment={environment}
                  project={project.value}
                  status={status}
                  permissions={permissions}
                  onChanged={changed}
                  extraColumns={extraColumns}
                />
              </>
              <PodsTable environmentId={environment.id} />
              <EventsTable environmentId={environment.id} />
            </CardColumn>
          )}
          {tab === 'history' && (
            <DeploymentHistoryTable
              environmentId={environment.id}
              services={services}
              service={historyService}
              onServiceChange={service => show('history', service)}
              canRollback={permissions.canRollback}
              onChanged={changed}
            />
          )}
          {tab === 'activity' && (
            <ActivityPanel
              environmentId={environment.id}
              canCancel={permissions.canDeploy}
            />
          )}
          {tab === 'configs' && (
            <EnvironmentConfigs
              environmentId={environment.id}
              canConfig={permissions.canConfig}
            />
          )}
          {tab === 'sandboxes' && (
            <SandboxesCard
              environment={environment}
              services={forkableServices(environment, status)}
            />
          )}
          {tab === 'settings' && (
            <Grid container spacing={3}>
              <Grid item xs={12}>
                <EnvironmentValuesEditor
                  environment={environment}
                  canUpdate={permissions.canUpdate}
                  canDeploy={permissions.canDeploy && !sleeping}
                  onChanged={changed}
                />
              </Grid>
              <Grid item xs={12} md={7}>
                <SleepScheduleEditor
                  environmentId={environment.id}
                  schedule={sleep.value?.schedule}
                  canEdit={permissions.canSleep}
                  onChanged={sleep.retry}
                />
              </Grid>
              <Grid item xs={12} md={5}>
                <EnvironmentRegistryCard
                  environment={environment}
                  canUpdate={permissions.canUpdate}
                />
              </Grid>
            </Grid>
          )}
        </Box>
        {copying && (
          <CopyEnvironmentDialog
            environment={environment}
            canCopyProduction={permissions.canCopyProduction}
            onClose={() => setCopying(false)}
            onCopied={copy => {
              setCopying(false);
              notifySuccess(
                t('environmentPage.copied', {
                  from: environment.name,
                  to: copy.environment.name,
                }),
              );
              navigate(environmentLink({ id: copy.environment.id }));
            }}
          />
        )}
        {deleting && (
          <DeleteEnvironmentDialog
            open
            environment={environment}
            onClose={() => setDeleting(false)}
            onDeleted={operation => {
              announce(
                operation,
                t('environmentPage.deleting', { name: environment.name }),
              );
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
  const { t } = useTranslationRef(berthTranslationRef);
  const environment = useEnvironment(id);
  const [changes, setChanges] = useState(0);
  const reload = useRef(environment.retry);
  reload.current = environment.retry;
  // An action may have changed the environment's settings: reload it too.
  const refresh = useCallback(() => {
    setChanges(c => c + 1);
    reload.current();
  }, []);

  if (environment.value && environment.value.id === id) {
    const value = environment.value;
    return (
      <BerthRefreshProvider actions={changes} refresh={refresh}>
        <EnvironmentStatusScope environmentId={value.id}>
          {status => (
            <EnvironmentDetails
              environment={value}
              status={status.value}
              statusError={status.error}
            />
          )}
        </EnvironmentStatusScope>
      </BerthRefreshProvider>
    );
  }
  return (
    <Page themeId="tool">
      <Header title={t('environmentPage.title')} type="Berth" />
      <Content>
        {environment.loading && <Progress />}
        {environment.error && <ResponseErrorPanel error={environment.error} />}
      </Content>
    </Page>
  );
};
