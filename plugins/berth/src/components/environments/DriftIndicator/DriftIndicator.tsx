import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { DriftState, ServiceDrift } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../../../api';
import { formatTime } from '../../../lib/time';
import { ObjectDiffList } from '../../deployments/DeploymentHistoryDiff';
import { ViewDialog } from '../../common/ViewDialog';
import { berthTranslationRef } from '../../../translation';

const icons: Record<DriftState, typeof StatusOK> = {
  InSync: StatusOK,
  Drifted: StatusWarning,
  Unknown: StatusPending,
};

/** Per-object differences between what Berth deployed and what is live, checked anew when opened. */
export const DriftDialog = (props: {
  environmentId: string;
  service: string;
  onClose: () => void;
}) => {
  const { environmentId, service } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const drift = useAsyncRetry(
    () => berthApi.getServiceDrift(environmentId, service),
    [berthApi, environmentId, service],
  );
  const state = drift.value?.state;
  return (
    <ViewDialog
      id="berth-drift"
      title={t('drift.title', { service })}
      onClose={props.onClose}
      size="lg"
      loading={drift.loading}
      error={drift.error}
      actions={
        <Button onClick={drift.retry} disabled={drift.loading}>
          {t('drift.checkAgain')}
        </Button>
      }
    >
      {drift.value && state && (
        <>
          <Typography variant="body1" paragraph>
            <strong>{t(`drift.states.${state}.label`)}.</strong>{' '}
            {t(`drift.states.${state}.explanation`)}
            {drift.value.reason && ` ${drift.value.reason}`}
          </Typography>
          <Typography variant="caption" color="textSecondary" paragraph>
            {drift.value.deploymentId
              ? t('drift.checkedAgainst', {
                  time: formatTime(drift.value.checkedAt),
                  deployment: drift.value.deploymentId,
                })
              : t('drift.checked', { time: formatTime(drift.value.checkedAt) })}
          </Typography>
          {state === 'Drifted' && (
            <ObjectDiffList
              objects={drift.value.objects}
              empty={t('drift.noDifference')}
            />
          )}
        </>
      )}
    </ViewDialog>
  );
};

/**
 * Whether a service's live objects still match what Berth last deployed, as
 * a chip that opens the per-object details.
 */
export const DriftIndicator = (props: {
  environmentId: string;
  service: string;
  drift?: ServiceDrift;
  /** While the environment's drift is being checked. */
  loading?: boolean;
}) => {
  const [open, setOpen] = useState(false);
  const { drift } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  if (!drift) {
    return (
      <Typography variant="caption" color="textSecondary">
        {props.loading ? t('drift.checking') : '—'}
      </Typography>
    );
  }
  const Icon = icons[drift.state];
  const label = t(`drift.states.${drift.state}.label`);
  return (
    <Box>
      <Chip
        size="small"
        variant="outlined"
        clickable
        data-drift={drift.state}
        label={<Icon>{label}</Icon>}
        onClick={() => setOpen(true)}
        aria-label={t('drift.chipLabel', { service: props.service, label })}
        title={drift.reason}
      />
      {open && (
        <DriftDialog
          environmentId={props.environmentId}
          service={props.service}
          onClose={() => setOpen(false)}
        />
      )}
    </Box>
  );
};
