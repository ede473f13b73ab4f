import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
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
import {
  BerthTranslate,
  berthTranslationRef,
  englishBerthT,
} from '../../../translation';
import { useSuccessAlert } from '../../../hooks/useSuccessAlert';

/** Why a cron expression is not five fields, or undefined (the backend parses it for real). */
export function cronShapeProblem(
  cron: string,
  t: BerthTranslate = englishBerthT,
): string | undefined {
  if (!cron.trim()) return undefined;
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    return t('sleepSchedule.cronFields', { n: String(fields.length) });
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
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const notifySuccess = useSuccessAlert();
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

  const crons = {
    sleep: {
      value: sleepCron,
      set: setSleepCron,
      next: saved?.nextSleepAt,
      problem: cronShapeProblem(sleepCron, t),
    },
    wake: {
      value: wakeCron,
      set: setWakeCron,
      next: saved?.nextWakeAt,
      problem: cronShapeProblem(wakeCron, t),
    },
  };

  const save = () =>
    act(async () => {
      const result = await berthApi.setSleepSchedule(environmentId, {
        sleepCron: sleepCron.trim() || null,
        wakeCron: wakeCron.trim() || null,
        timeZone: timeZone.trim() || 'UTC',
      });
      setSaved(result);
      notifySuccess(t('sleepSchedule.saved'));
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
    <InfoCard title={t('sleepSchedule.title')}>
      <Typography variant="body2" paragraph>
        {t('sleepSchedule.explanation', {
          sleep: <code>0 20 * * 1-5</code>,
          wake: <code>0 7 * * 1-5</code>,
        })}
      </Typography>
      <Grid container spacing={2}>
        {(['sleep', 'wake'] as const).map(which => (
          <Grid item xs={12} sm={4} key={which}>
            <TextInput
              id={`berth-${which}-cron`}
              label={t(`sleepSchedule.${which}.cron`)}
              value={crons[which].value}
              onChange={crons[which].set}
              disabled={disabled}
              problem={crons[which].problem}
              hint={
                crons[which].next
                  ? t(`sleepSchedule.${which}.next`, {
                      time: formatTime(crons[which].next),
                    })
                  : t(`sleepSchedule.${which}.none`)
              }
            />
          </Grid>
        ))}
        <Grid item xs={12} sm={4}>
          <TextInput
            id="berth-sleep-time-zone"
            label={t('sleepSchedule.timeZone')}
            value={timeZone}
            onChange={setTimeZone}
            disabled={disabled}
            hint={t('sleepSchedule.timeZoneHint')}
          />
        </Grid>
      </Grid>
      <ActionError action={t('sleepSchedule.failed')} error={error} />
      {!canEdit && (
        <Box mt={1}>
          <Typography variant="caption" color="textSecondary">
            {t('sleepSchedule.needsPermission')}
          </Typography>
        </Box>
      )}
      {canEdit && (
        <Box mt={2} display="flex" style={{ gap: 8 }}>
          <Button
            variant="contained"
            color="primary"
            onClick={save}
            disabled={
              disabled || Boolean(crons.sleep.problem || crons.wake.problem)
            }
          >
            {t('sleepSchedule.save')}
          </Button>
          {saved && (
            <Button onClick={remove} disabled={disabled}>
              {t('sleepSchedule.remove')}
            </Button>
          )}
        </Box>
      )}
    </InfoCard>
  );
};
