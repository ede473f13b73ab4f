import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { SandboxStatus } from '@berth/plugin-berth-common';
import Tooltip from '@material-ui/core/Tooltip';
import { berthTranslationRef } from '../../../translation';
import { StatusTone, StatusToneChip } from '../../common/StatusToneChip';

const tones: Record<SandboxStatus, StatusTone> = {
  creating: 'running',
  ready: 'ok',
  degraded: 'warning',
  failed: 'error',
  deleting: 'aborted',
};

/**
 * The status of a sandbox as a small chip (`data-status` holds the status);
 * its message, when it has one, as the tooltip.
 */
export const SandboxStatusChip = (props: {
  status: SandboxStatus;
  message?: string;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const known = props.status in tones;
  const chip = (
    <StatusToneChip
      tone={tones[props.status]}
      label={known ? t(`sandboxes.statuses.${props.status}`) : props.status}
      data={{ 'data-status': props.status }}
    />
  );
  return props.message ? (
    <Tooltip title={props.message}>
      <span>{chip}</span>
    </Tooltip>
  ) : (
    chip
  );
};
