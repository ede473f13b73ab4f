import { WarningPanel } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { BerthOperation } from '@berth/plugin-berth-common';
import { BerthEnvironment, EnvironmentSleep } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Brightness3Icon from '@material-ui/icons/Brightness3';
import WbSunnyIcon from '@material-ui/icons/WbSunny';
import { useState } from 'react';
import { berthApiRef } from '../../../api';
import { useAnnounceOperation } from '../../../hooks/useAnnounceOperation';
import { errorMessage } from '../../../lib/errors';
import { formatTime } from '../../../lib/time';
import { ActionError, DialogActionsRow } from '../../common/DialogActionsRow';

/** Puts an environment to sleep (after asking) or wakes it, whichever applies. */
export const SleepButton = (props: {
  environment: BerthEnvironment;
  sleep?: EnvironmentSleep;
  onChanged: () => void;
}) => {
  const { environment, sleep } = props;
  const berthApi = useApi(berthApiRef);
  const alertApi = useApi(alertApiRef);
  const announce = useAnnounceOperation();
  const [asking, setAsking] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const state = sleep ? sleep.state : environment.sleepState;
  const sleeping = sleep ? sleep.sleeping : Boolean(environment.sleeping);

  const act = async (action: 'sleep' | 'wake') => {
    setSending(true);
    setError(undefined);
    try {
      let operation: BerthOperation;
      if (action === 'sleep') {
        ({ operation } = await berthApi.sleepEnvironment(environment.id));
      } else {
        ({ operation } = await berthApi.wakeEnvironment(environment.id));
      }
      setAsking(false);
      props.onChanged();
      await announce(
        operation,
        action === 'sleep'
          ? `Putting ${environment.name} to sleep`
          : `Waking ${environment.name}`,
      );
    } catch (e) {
      if (action === 'sleep') {
        setError(errorMessage(e));
      } else {
        alertApi.post({
          message: `Could not wake ${environment.name}: ${errorMessage(e)}`,
          severity: 'error',
        });
      }
    } finally {
      setSending(false);
    }
  };

  if (sleeping) {
    return (
      <Button
        variant="outlined"
        color="primary"
        startIcon={<WbSunnyIcon />}
        onClick={() => act('wake')}
        disabled={sending || state === 'waking'}
      >
        {state === 'waking' ? 'Waking…' : 'Wake'}
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
        Sleep
      </Button>
      {asking && (
        <Dialog
          open
          onClose={() => setAsking(false)}
          aria-labelledby="berth-sleep-title"
        >
          <DialogTitle id="berth-sleep-title">
            Put {environment.name} to sleep?
          </DialogTitle>
          <DialogContent>
            <DialogContentText>
              Berth records the replicas of every Deployment and StatefulSet in
              namespace {environment.namespace}, scales them to zero and
              suspends the CronJobs. Deploys are refused until it wakes; waking
              restores the replicas group by group in start order.
            </DialogContentText>
            <ActionError action="Could not put it to sleep" error={error} />
          </DialogContent>
          <DialogActionsRow
            onCancel={() => setAsking(false)}
            onConfirm={() => act('sleep')}
            confirmLabel="Sleep"
            sending={sending}
          />
        </Dialog>
      )}
    </>
  );
};

/** What a sleeping environment recorded, and why its last wake failed, if it did. */
export const SleepBanner = (props: { sleep?: EnvironmentSleep }) => {
  const { sleep } = props;
  if (!sleep?.sleeping) return null;
  const scaled = sleep.workloads.filter(w => w.kind !== 'CronJob');
  const cronJobs = sleep.workloads.filter(w => w.kind === 'CronJob');
  let who = sleep.actor ? `by ${sleep.actor}` : '';
  if (sleep.actor === 'schedule') who = 'on schedule';
  return (
    <Box mb={2} role="status" aria-label="Sleep">
      <WarningPanel
        defaultExpanded
        severity={sleep.lastError ? 'error' : 'info'}
        title={
          sleep.state === 'waking'
            ? `Waking since ${formatTime(
                sleep.since,
              )}: replicas come back group by group in start order`
            : `Sleeping since ${formatTime(sleep.since)} ${who}`.trim()
        }
        message={
          <>
            <Typography variant="body2">
              Recorded {scaled.length} workload{scaled.length === 1 ? '' : 's'}{' '}
              (
              {scaled.map(w => `${w.name}: ${w.replicas ?? 0}`).join(', ') ||
                'none'}
              )
              {cronJobs.length > 0 &&
                ` and ${cronJobs.length} CronJob${
                  cronJobs.length === 1 ? '' : 's'
                }`}
              ; wake restores them.
            </Typography>
            {sleep.lastError && (
              <Typography variant="body2" color="error">
                The last wake failed: {sleep.lastError}
              </Typography>
            )}
          </>
        }
      />
    </Box>
  );
};
