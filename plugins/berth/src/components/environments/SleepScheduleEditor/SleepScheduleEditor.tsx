import { InfoCard } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { SleepSchedule } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { TextInput } from '../../common/FormFields';
import { berthApiRef } from '../../../api';
import { formatTime } from '../../../lib/time';
import { ActionError } from '../../common/DialogActionsRow';
import { useBerthAction } from '../../../hooks/useBerthAction';

/** Why a cron expression is not five fields, or undefined (the backend parses it for real). */
export function cronShapeProblem(cron: string): string | undefined {
  if (!cron.trim()) return undefined;
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `A cron has 5 fields (minute hour day-of-month month day-of-week); this has ${fields.length}`;
  }
  return undefined;
}

/** The sleep and wake schedules of an environment (cron, in a time zone). */
export const SleepScheduleEditor = (props: {
  environmentId: string;
  schedule?: SleepSchedule;
  canEdit: boolean;
  onChanged: () => void;
}) => {
  const { environmentId, schedule, canEdit } = props;
  const berthApi = useApi(berthApiRef);
  const alertApi = useApi(alertApiRef);
  const [sleepCron, setSleepCron] = useState(schedule?.sleepCron ?? '');
  const [wakeCron, setWakeCron] = useState(schedule?.wakeCron ?? '');
  const [timeZone, setTimeZone] = useState(
    schedule?.timeZone ??
      new Intl.DateTimeFormat().resolvedOptions().timeZone ??
      'UTC',
  );
  const [saved, setSaved] = useState<SleepSchedule | undefined>(schedule);
  // Saving and removing share one state: one runs at a time.
  const {
    run: act,
    sending,
    error,
  } = useBerthAction((work: () => Promise<void>) => work());
  useEffect(() => setSaved(schedule), [schedule]);

  const sleepProblem = cronShapeProblem(sleepCron);
  const wakeProblem = cronShapeProblem(wakeCron);

  const save = () =>
    act(async () => {
      const result = await berthApi.setSleepSchedule(environmentId, {
        sleepCron: sleepCron.trim() || null,
        wakeCron: wakeCron.trim() || null,
        timeZone: timeZone.trim() || 'UTC',
      });
      setSaved(result);
      alertApi.post({
        message: 'Saved the sleep schedule',
        severity: 'success',
        display: 'transient',
      });
      props.onChanged();
    });

  const remove = () =>
    act(async () => {
      await berthApi.deleteSleepSchedule(environmentId);
      setSaved(undefined);
      setSleepCron('');
      setWakeCron('');
      props.onChanged();
    });

  const disabled = !canEdit || sending;
  return (
    <InfoCard title="Sleep schedule">
      <Typography variant="body2" paragraph>
        Put the environment to sleep and wake it on a schedule, e.g. sleep at{' '}
        <code>0 20 * * 1-5</code> and wake at <code>0 7 * * 1-5</code>.
      </Typography>
      <Grid container spacing={2}>
        <Grid item xs={12} sm={4}>
          <TextInput
            id="berth-sleep-cron"
            label="Sleep cron"
            value={sleepCron}
            onChange={setSleepCron}
            disabled={disabled}
            problem={sleepProblem}
            hint={
              saved?.nextSleepAt
                ? `Next sleep ${formatTime(saved.nextSleepAt)}`
                : 'Empty: no scheduled sleep'
            }
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <TextInput
            id="berth-wake-cron"
            label="Wake cron"
            value={wakeCron}
            onChange={setWakeCron}
            disabled={disabled}
            problem={wakeProblem}
            hint={
              saved?.nextWakeAt
                ? `Next wake ${formatTime(saved.nextWakeAt)}`
                : 'Empty: no scheduled wake'
            }
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <TextInput
            id="berth-sleep-time-zone"
            label="Time zone"
            value={timeZone}
            onChange={setTimeZone}
            disabled={disabled}
            hint="IANA name, e.g. Europe/Berlin"
          />
        </Grid>
      </Grid>
      <ActionError action="Could not save the schedule" error={error} />
      {!canEdit && (
        <Box mt={1}>
          <Typography variant="caption" color="textSecondary">
            Changing the schedule needs the permission to put the environment to
            sleep.
          </Typography>
        </Box>
      )}
      {canEdit && (
        <Box mt={2} display="flex" style={{ gap: 8 }}>
          <Button
            variant="contained"
            color="primary"
            onClick={save}
            disabled={disabled || Boolean(sleepProblem || wakeProblem)}
          >
            Save schedule
          </Button>
          {saved && (
            <Button onClick={remove} disabled={disabled}>
              Remove schedule
            </Button>
          )}
        </Box>
      )}
    </InfoCard>
  );
};
