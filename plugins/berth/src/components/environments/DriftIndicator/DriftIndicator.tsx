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

const looks: Record<DriftState, { label: string; Icon: typeof StatusOK }> = {
  InSync: { label: 'In sync', Icon: StatusOK },
  Drifted: { label: 'Drifted', Icon: StatusWarning },
  Unknown: { label: 'Unknown', Icon: StatusPending },
};

const explanations: Record<DriftState, string> = {
  InSync: 'The live objects match what Berth last deployed.',
  Drifted:
    'The live objects differ from what Berth last deployed: someone changed them outside Berth. A redeploy puts them back.',
  Unknown: 'Berth could not compare the live objects.',
};

/** Per-object differences between what Berth deployed and what is live, checked anew when opened. */
export const DriftDialog = (props: {
  environmentId: string;
  service: string;
  onClose: () => void;
}) => {
  const { environmentId, service } = props;
  const berthApi = useApi(berthApiRef);
  const drift = useAsyncRetry(
    () => berthApi.getServiceDrift(environmentId, service),
    [berthApi, environmentId, service],
  );
  const state = drift.value?.state;
  return (
    <ViewDialog
      id="berth-drift"
      title={`Drift of ${service}`}
      onClose={props.onClose}
      size="lg"
      loading={drift.loading}
      error={drift.error}
      actions={
        <Button onClick={drift.retry} disabled={drift.loading}>
          Check again
        </Button>
      }
    >
      {drift.value && state && (
        <>
          <Typography variant="body1" paragraph>
            <strong>{looks[state].label}.</strong> {explanations[state]}
            {drift.value.reason && ` ${drift.value.reason}`}
          </Typography>
          <Typography variant="caption" color="textSecondary" paragraph>
            Checked {formatTime(drift.value.checkedAt)}
            {drift.value.deploymentId &&
              ` against deployment ${drift.value.deploymentId}`}
            . Diffs read deployed → live.
          </Typography>
          {state === 'Drifted' && (
            <ObjectDiffList
              objects={drift.value.objects}
              empty="No object differs."
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
  if (!drift) {
    return (
      <Typography variant="caption" color="textSecondary">
        {props.loading ? 'Checking…' : '—'}
      </Typography>
    );
  }
  const { label, Icon } = looks[drift.state];
  return (
    <Box>
      <Chip
        size="small"
        variant="outlined"
        clickable
        data-drift={drift.state}
        label={<Icon>{label}</Icon>}
        onClick={() => setOpen(true)}
        aria-label={`Drift of ${props.service}: ${label}`}
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
