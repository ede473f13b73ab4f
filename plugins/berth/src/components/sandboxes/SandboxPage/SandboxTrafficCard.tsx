import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusWarning,
} from '@backstage/core-components';
import { BerthSandbox, SandboxTraffic } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import InfoIcon from '@material-ui/icons/InfoOutlined';
import { useSandboxTraffic } from '../../../hooks/useSandboxTraffic';
import { sandboxCurlExamples } from '../../../lib/sandboxes';
import { formatTime } from '../../../lib/time';
import { berthTranslationRef } from '../../../translation';
import { loadingFirst } from '../../common/AsyncResult';
import { Note } from '../../common/Note';
import { RefreshButton } from '../../common/RefreshButton';
import { CommandLine } from './CommandLine';
import { ReachedServicesTable } from './ReachedServicesTable';

/** What the traffic source said: why nothing is observed, or what it could not read. */
const InfoLine = (props: { text: string }) => (
  <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
    <InfoIcon fontSize="small" color="action" />
    <Typography variant="body2" role="status">
      {props.text}
    </Typography>
  </Box>
);

/** No keyed request seen yet: how to send one. */
const NothingReached = (props: { sandbox: BerthSandbox; target: string }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <Box>
      <Typography variant="body2">{t('sandboxes.traffic.empty')}</Typography>
      {sandboxCurlExamples(props.sandbox.routingKey, props.target).map(
        command => (
          <CommandLine key={command} text={command} />
        ),
      )}
    </Box>
  );
};

/** What the traffic source saw: a warning per fork nothing reached, then the services reached. */
const ObservedTraffic = (props: {
  traffic: SandboxTraffic;
  sandbox: BerthSandbox;
  target: string;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { traffic } = props;
  return (
    <>
      {traffic.forksNotReached.map(fork => (
        <Box key={fork} mb={1}>
          <StatusWarning>
            {t('sandboxes.traffic.notReached', { fork })}
          </StatusWarning>
        </Box>
      ))}
      <ReachedServicesTable
        services={traffic.services}
        empty={<NothingReached sandbox={props.sandbox} target={props.target} />}
      />
      {traffic.source && traffic.readAt && (
        <Box mt={1}>
          <Note>
            {t('sandboxes.traffic.source', {
              source: traffic.source,
              at: formatTime(traffic.readAt),
            })}
          </Note>
        </Box>
      )}
    </>
  );
};

/**
 * "Reached with the key": which services requests carrying the sandbox's
 * key last reached (a fork, or the base), and the forks no such request
 * reached, which shows a hop that drops the key. Refresh reads the
 * cluster's traffic source again.
 */
export const SandboxTrafficCard = (props: {
  sandbox: BerthSandbox;
  /** Where the curl examples send the request (the base's URL). */
  target: string;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const result = useSandboxTraffic(props.sandbox.id);
  const traffic = result.value;
  return (
    <InfoCard
      title={t('sandboxes.traffic.title')}
      subheader={t('sandboxes.traffic.subtitle', { name: props.sandbox.name })}
      action={
        <RefreshButton result={result} label={t('sandboxes.traffic.refresh')} />
      }
    >
      {loadingFirst(result) && <Progress />}
      {result.error && (
        <ResponseErrorPanel
          error={result.error}
          title={t('sandboxes.traffic.failed')}
        />
      )}
      {traffic?.message && <InfoLine text={traffic.message} />}
      {traffic?.observed && (
        <ObservedTraffic
          traffic={traffic}
          sandbox={props.sandbox}
          target={props.target}
        />
      )}
    </InfoCard>
  );
};
