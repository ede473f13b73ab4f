import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import { SandboxReadiness } from '@berth/plugin-berth-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { berthTranslationRef } from '../../../translation';
import { AsyncResult, loadingFirst } from '../../common/AsyncResult';

type Check = SandboxReadiness['checks'][number];

/** One readiness check: passed or missing, with what the backend said of it. */
const CheckItem = (props: { check: Check }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { check } = props;
  const Icon = check.ok ? StatusOK : StatusError;
  return (
    <ListItem dense disableGutters data-check={check.name} data-ok={check.ok}>
      <ListItemText
        primary={
          <Icon>
            {check.name}:{' '}
            {check.ok
              ? t('sandboxes.readiness.ok')
              : t('sandboxes.readiness.missing')}
          </Icon>
        }
        secondary={check.message}
      />
    </ListItem>
  );
};

/**
 * Whether the base environment takes sandboxes: the routing driver's checks
 * and Berth's own, what is missing first.
 */
export const SandboxReadinessPanel = (props: {
  result: AsyncResult<SandboxReadiness>;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { result } = props;
  if (result.error) {
    return (
      <ResponseErrorPanel
        error={result.error}
        title={t('sandboxes.readiness.failed')}
      />
    );
  }
  const readiness = result.value;
  const checks = [...(readiness?.checks ?? [])].sort(
    (a, b) => Number(a.ok) - Number(b.ok),
  );
  return (
    <InfoCard title={t('sandboxes.readiness.title')}>
      {loadingFirst(result) && <Progress />}
      {readiness && (
        <>
          <Typography variant="body2">
            {readiness.ready
              ? t('sandboxes.readiness.ready', {
                  driver: readiness.routingDriver,
                })
              : t('sandboxes.readiness.notReady', {
                  driver: readiness.routingDriver,
                })}
          </Typography>
          <List dense aria-label={t('sandboxes.readiness.title')}>
            {checks.map(check => (
              <CheckItem key={check.name} check={check} />
            ))}
          </List>
        </>
      )}
    </InfoCard>
  );
};
