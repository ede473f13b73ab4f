import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  Content,
  ContentHeader,
  Header,
  HeaderLabel,
  Page,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { BerthSandboxDetails } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import UpdateIcon from '@material-ui/icons/Update';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useAnnounceOperation } from '../../../hooks/useAnnounceOperation';
import { useEnvironment } from '../../../hooks/useEnvironment';
import { useEnvironmentUrl } from '../../../hooks/useEnvironmentUrl';
import { useSandbox } from '../../../hooks/useSandbox';
import { useSandboxPermissions } from '../../../hooks/useSandboxPermissions';
import { useSuccessAlert } from '../../../hooks/useSuccessAlert';
import { refName } from '../../../lib/refs';
import { sandboxCurlTarget } from '../../../lib/sandboxes';
import { formatTime } from '../../../lib/time';
import { rootRouteRef } from '../../../routes';
import { berthTranslationRef } from '../../../translation';
import { Note } from '../../common/Note';
import { SandboxStatusChip } from '../common/SandboxStatusChip';
import { useSandboxLinks } from '../common/links';
import { DeleteSandboxDialog } from './DeleteSandboxDialog';
import { ExplainRouteCard } from './ExplainRouteCard';
import { ExtendSandboxDialog } from './ExtendSandboxDialog';
import { ForksTable } from './ForksTable';
import { ReachSandboxCard } from './ReachSandboxCard';

/** Why the sandbox failed, or what its last operation said; and what the routing driver could not route. */
const SandboxProblems = (props: { sandbox: BerthSandboxDetails }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { sandbox } = props;
  return (
    <>
      {sandbox.message &&
        (sandbox.status === 'failed' ? (
          <WarningPanel
            severity="error"
            title={t('sandboxes.statuses.failed')}
            message={sandbox.message}
            defaultExpanded
          />
        ) : (
          <Typography variant="body2" paragraph>
            {sandbox.message}
          </Typography>
        ))}
      {sandbox.warnings.length > 0 && (
        <WarningPanel
          severity="warning"
          title={t('sandboxes.page.warnings')}
          defaultExpanded
        >
          <ul aria-label={t('sandboxes.page.warnings')}>
            {sandbox.warnings.map(warning => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </WarningPanel>
      )}
    </>
  );
};

const SandboxDetails = (props: {
  sandbox: BerthSandboxDetails;
  onChanged: () => void;
}) => {
  const { sandbox } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const links = useSandboxLinks();
  const rootLink = useRouteRef(rootRouteRef);
  const navigate = useNavigate();
  const announce = useAnnounceOperation();
  const notifySuccess = useSuccessAlert();
  const permissions = useSandboxPermissions(sandbox.id);
  const base = useEnvironment(sandbox.baseEnvironmentId);
  const baseUrl = useEnvironmentUrl({
    cluster: sandbox.cluster,
    namespace: base.value?.namespace ?? '',
  });
  const [dialog, setDialog] = useState<'extend' | 'delete'>();
  const forks = sandbox.forks.map(f => f.service);
  const services = [
    ...forks,
    ...Object.keys(base.value?.services ?? {}),
  ].filter((name, i, all) => all.indexOf(name) === i);
  const target = sandboxCurlTarget({
    baseUrl: base.value ? baseUrl : undefined,
    baseNamespace: base.value?.namespace,
    service: forks[0],
  });
  const deleting = sandbox.status === 'deleting';
  return (
    <Page themeId="tool">
      <Header
        title={sandbox.name}
        subtitle={t('sandboxes.page.subtitle', {
          base: sandbox.baseEnvironmentName,
        })}
        type="Berth"
        typeLink={rootLink()}
      >
        <HeaderLabel
          label={t('sandboxes.page.labels.base')}
          value={sandbox.baseEnvironmentName}
          url={links.environment(sandbox.baseEnvironmentId)}
        />
        <HeaderLabel
          label={t('sandboxes.page.labels.cluster')}
          value={sandbox.cluster}
        />
        <HeaderLabel
          label={t('sandboxes.page.labels.namespace')}
          value={sandbox.namespace}
        />
        <HeaderLabel
          label={t('sandboxes.page.labels.owner')}
          value={refName(sandbox.createdBy)}
        />
        <HeaderLabel
          label={t('sandboxes.page.labels.expires')}
          value={formatTime(sandbox.expiresAt)}
        />
        <HeaderLabel
          label={t('sandboxes.page.labels.routing')}
          value={sandbox.routingDriver}
        />
        <HeaderLabel
          label={t('sandboxes.page.labels.status')}
          value={
            <SandboxStatusChip
              status={sandbox.status}
              message={sandbox.message}
            />
          }
        />
      </Header>
      <Content>
        <ContentHeader title={t('sandboxes.page.title')}>
          <Box display="flex" style={{ gap: 8 }}>
            {permissions.canUpdate && (
              <Button
                variant="outlined"
                color="primary"
                startIcon={<UpdateIcon />}
                disabled={deleting}
                onClick={() => setDialog('extend')}
              >
                {t('sandboxes.extend.button')}
              </Button>
            )}
            {permissions.canDelete && (
              <Button
                variant="outlined"
                color="secondary"
                startIcon={<DeleteIcon />}
                disabled={deleting}
                onClick={() => setDialog('delete')}
              >
                {t('sandboxes.remove.button')}
              </Button>
            )}
          </Box>
        </ContentHeader>
        <SandboxProblems sandbox={sandbox} />
        <Note>
          {sandbox.routesWrittenAt
            ? t('sandboxes.page.routesWritten', {
                at: formatTime(sandbox.routesWrittenAt),
              })
            : t('sandboxes.page.routesNotWritten')}
        </Note>
        <Box mt={2}>
          <Grid container spacing={3}>
            <Grid item xs={12}>
              <ForksTable sandbox={sandbox} />
            </Grid>
            <Grid item xs={12} md={6}>
              <ReachSandboxCard sandbox={sandbox} target={target} />
            </Grid>
            <Grid item xs={12} md={6}>
              <ExplainRouteCard
                baseEnvironmentId={sandbox.baseEnvironmentId}
                baseName={sandbox.baseEnvironmentName}
                services={services}
                headers={`${sandbox.routingKey.xEnv.header}: ${sandbox.routingKey.xEnv.value}`}
              />
            </Grid>
          </Grid>
        </Box>
        {dialog === 'extend' && (
          <ExtendSandboxDialog
            sandbox={sandbox}
            onClose={() => setDialog(undefined)}
            onExtended={extended => {
              setDialog(undefined);
              notifySuccess(
                t('sandboxes.extend.extended', {
                  name: extended.name,
                  at: formatTime(extended.expiresAt),
                }),
              );
              props.onChanged();
            }}
          />
        )}
        {dialog === 'delete' && (
          <DeleteSandboxDialog
            sandbox={sandbox}
            onClose={() => setDialog(undefined)}
            onDeleted={({ operation }) => {
              announce(
                operation,
                t('sandboxes.remove.deleting', { name: sandbox.name }),
              );
              navigate(
                `${links.environment(sandbox.baseEnvironmentId)}?tab=sandboxes`,
              );
            }}
          />
        )}
      </Content>
    </Page>
  );
};

/** The page of one sandbox, at `/berth/sandboxes/:sandboxId`. */
export const SandboxPage = () => {
  const { sandboxId = '' } = useParams();
  const { t } = useTranslationRef(berthTranslationRef);
  const sandbox = useSandbox(sandboxId);
  if (sandbox.value && sandbox.value.id === sandboxId) {
    return <SandboxDetails sandbox={sandbox.value} onChanged={sandbox.retry} />;
  }
  return (
    <Page themeId="tool">
      <Header title={t('sandboxes.page.title')} type="Berth" />
      <Content>
        {sandbox.loading && <Progress />}
        {sandbox.error && <ResponseErrorPanel error={sandbox.error} />}
      </Content>
    </Page>
  );
};
