import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { DriftState, ServiceDrift } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useBerthQuery } from '../../../hooks/useBerthQuery';
import { formatTime } from '../../../lib/time';
import { ObjectDiffList } from '../../deployments/DeploymentHistoryDiff';
import { RefreshButton } from '../../common/RefreshButton';
import { ViewDialog } from '../../common/ViewDialog';
import { berthTranslationRef } from '../../../translation';

const icons: Record<DriftState, typeof StatusOK> = {
  InSync: StatusOK,
  Drifted: StatusWarning,
  Unknown: StatusPending,
};

/** What a drift check found: the state, when it was checked, and the differences. */
const DriftReport = (props: { drift: ServiceDrift }) => {
  const { drift } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <>
      <Typography variant="body1" paragraph>
        <strong>{t(`drift.states.${drift.state}.label`)}.</strong>{' '}
        {t(`drift.states.${drift.state}.explanation`)}
        {drift.reason && ` ${drift.reason}`}
      </Typography>
      <Typography variant="caption" color="textSecondary" paragraph>
        {drift.deploymentId
          ? t('drift.checkedAgainst', {
              time: formatTime(drift.checkedAt),
              deployment: drift.deploymentId,
            })
          : t('drift.checked', { time: formatTime(drift.checkedAt) })}
      </Typography>
      {drift.state === 'Drifted' && (
        <ObjectDiffList
          objects={drift.objects}
          empty={t('drift.noDifference')}
        />
      )}
    </>
  );
};

/** Per-object differences between what Berth deployed and what is live, checked anew when opened. */
export const DriftDialog = (props: {
  environmentId: string;
  service: string;
  onClose: () => void;
}) => {
  const { environmentId, service } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const drift = useBerthQuery(
    api => api.getServiceDrift(environmentId, service),
    [environmentId, service],
  );
  return (
    <ViewDialog
      title={t('drift.title', { service })}
      onClose={props.onClose}
      result={drift}
      actions={<RefreshButton result={drift} label={t('drift.checkAgain')} />}
    >
      {drift.value && <DriftReport drift={drift.value} />}
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
