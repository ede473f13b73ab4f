import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthEnvironment, EnvironmentSleep } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DialogContentText from '@material-ui/core/DialogContentText';
import Typography from '@material-ui/core/Typography';
import Brightness3Icon from '@material-ui/icons/Brightness3';
import WbSunnyIcon from '@material-ui/icons/WbSunny';
import { useState } from 'react';
import { berthApiRef } from '../../../api';
import { useAnnounceOperation } from '../../../hooks/useAnnounceOperation';
import { useAlertingAction } from '../../../hooks/useAlertingAction';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { formatTime } from '../../../lib/time';
import { ActionDialog } from '../../common/ActionDialog';

/** Puts an environment to sleep (after asking) or wakes it, whichever applies. */
export const SleepButton = (props: {
  environment: BerthEnvironment;
  sleep?: EnvironmentSleep;
  onChanged: () => void;
}) => {
  const { environment, sleep } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const announce = useAnnounceOperation();
  const [asking, setAsking] = useState(false);
  const state = sleep ? sleep.state : environment.sleepState;
  const sleeping = sleep ? sleep.sleeping : Boolean(environment.sleeping);
  const { name } = environment;

  const goToSleep = useBerthAction(async () => {
    const { operation } = await berthApi.sleepEnvironment(environment.id);
    setAsking(false);
    props.onChanged();
    await announce(operation, t('sleep.puttingToSleep', { name }));
  });
  const wake = useAlertingAction(
    async () => {
      const { operation } = await berthApi.wakeEnvironment(environment.id);
      props.onChanged();
      await announce(operation, t('sleep.waking', { name }));
    },
    () => t('sleep.wakeFailed', { name }),
  );

  if (sleeping) {
    return (
      <Button
        variant="outlined"
        color="primary"
        startIcon={<WbSunnyIcon />}
        onClick={() => wake.run()}
        disabled={wake.sending || state === 'waking'}
      >
        {state === 'waking' ? t('sleep.wakingButton') : t('sleep.wake')}
      </Button>
    );
  }
  return (
    <>
      <Button
        variant="outlined"
        startIcon={<Brightness3Icon />}
        onClick={() => setAsking(true)}
      >
        {t('sleep.sleep')}
      </Button>
      {asking && (
        <ActionDialog
          id="berth-sleep"
          onClose={() => setAsking(false)}
          title={t('sleep.title', { name })}
          action={goToSleep}
          failed={t('sleep.sleepFailed')}
          confirmLabel={t('sleep.sleep')}
        >
          <DialogContentText>
            {t('sleep.explanation', { namespace: environment.namespace })}
          </DialogContentText>
        </ActionDialog>
      )}
    </>
  );
};

/** What a sleeping environment recorded, and why its last wake failed, if it did. */
export const SleepBanner = (props: { sleep?: EnvironmentSleep }) => {
  const { sleep } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  if (!sleep?.sleeping) return null;
  const scaled = sleep.workloads.filter(w => w.kind !== 'CronJob');
  const cronJobs = sleep.workloads.filter(w => w.kind === 'CronJob');
  let who: string = sleep.actor
    ? t('sleep.banner.by', { actor: sleep.actor })
    : '';
  if (sleep.actor === 'schedule') who = t('sleep.banner.onSchedule');
  const since = formatTime(sleep.since);
  const list =
    scaled.map(w => `${w.name}: ${w.replicas ?? 0}`).join(', ') ||
    t('sleep.banner.none');
  return (
    <Box mb={2} role="status" aria-label={t('sleep.sleep')}>
      <WarningPanel
        defaultExpanded
        severity={sleep.lastError ? 'error' : 'info'}
        title={
          sleep.state === 'waking'
            ? t('sleep.banner.wakingSince', { since })
            : t('sleep.banner.sleepingSince', { since, who }).trim()
        }
        message={
          <>
            <Typography variant="body2">
              {scaled.length === 1
                ? t('sleep.banner.recordedOne', { list })
                : t('sleep.banner.recorded', {
                    n: String(scaled.length),
                    list,
                  })}
              {cronJobs.length === 1 && t('sleep.banner.andOneCronJob')}
              {cronJobs.length > 1 &&
                t('sleep.banner.andCronJobs', { n: String(cronJobs.length) })}
              {t('sleep.banner.wakeRestores')}
            </Typography>
            {sleep.lastError && (
              <Typography variant="body2" color="error">
                {t('sleep.banner.lastWakeFailed', { error: sleep.lastError })}
              </Typography>
            )}
          </>
        }
      />
    </Box>
  );
};
