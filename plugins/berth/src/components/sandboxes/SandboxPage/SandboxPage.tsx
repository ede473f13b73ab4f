import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { BerthSandboxDetails } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { useParams } from 'react-router-dom';
import { useEnvironment } from '../../../hooks/useEnvironment';
import { useEnvironmentStatus } from '../../../hooks/useEnvironmentStatus';
import { useEnvironmentUrl } from '../../../hooks/useEnvironmentUrl';
import { useSandbox } from '../../../hooks/useSandbox';
import { forkableServices, sandboxCurlTarget } from '../../../lib/sandboxes';
import { formatTime } from '../../../lib/time';
import { berthTranslationRef } from '../../../translation';
import { Note } from '../../common/Note';
import { ExplainRouteCard } from './ExplainRouteCard';
import { ForksTable } from './ForksTable';
import { ReachSandboxCard } from './ReachSandboxCard';
import { SandboxActions } from './SandboxActions';
import { SandboxHeader } from './SandboxHeader';
import { SandboxOperationLine } from './SandboxOperationLine';
import { SandboxProblems } from './SandboxProblems';
import { SandboxTrafficCard } from './SandboxTrafficCard';

const SandboxDetails = (props: {
  sandbox: BerthSandboxDetails;
  onChanged: () => void;
}) => {
  const { sandbox } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  // The base: its namespace and URL for the curl examples, its services for explain route.
  const base = useEnvironment(sandbox.baseEnvironmentId);
  const baseUrl = useEnvironmentUrl({
    cluster: sandbox.cluster,
    namespace: base.value?.namespace ?? '',
  });
  const baseStatus = useEnvironmentStatus(sandbox.baseEnvironmentId);
  const forks = sandbox.forks.map(f => f.service);
  const forkable = base.value
    ? forkableServices(base.value, baseStatus.value, forks)
    : forks;
  const services = [
    ...forks,
    ...Object.keys(base.value?.services ?? {}),
  ].filter((name, i, all) => all.indexOf(name) === i);
  const target = sandboxCurlTarget({
    baseUrl: base.value ? baseUrl : undefined,
    baseNamespace: base.value?.namespace,
    service: forks[0],
  });
  const key = sandbox.routingKey.xEnv;
  return (
    <Page themeId="tool">
      <SandboxHeader sandbox={sandbox} />
      <Content>
        <ContentHeader title={t('sandboxes.page.title')}>
          <SandboxActions
            sandbox={sandbox}
            forkable={forkable}
            onChanged={props.onChanged}
          />
        </ContentHeader>
        <SandboxProblems sandbox={sandbox} />
        <SandboxOperationLine sandbox={sandbox} onEnded={props.onChanged} />
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
                headers={`${key.header}: ${key.value}`}
              />
            </Grid>
            <Grid item xs={12}>
              <SandboxTrafficCard sandbox={sandbox} target={target} />
            </Grid>
          </Grid>
        </Box>
      </Content>
    </Page>
  );
};

/**
 * The page of one sandbox, at `/berth/sandboxes/:sandboxId`: its forks and
 * their status, how to reach it (preview hosts, headers, curl), explain
 * route, the services its key reached, Extend, Edit forks and Delete.
 */
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
