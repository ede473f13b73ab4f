import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  OperationStatus,
  OperationStepStatus,
} from '@berth/plugin-berth-common';
import { BerthTranslate, berthTranslationRef } from '../../../translation';
import { StatusTone, StatusToneChip } from '../../common/StatusToneChip';

const operationTones: Record<OperationStatus, StatusTone> = {
  queued: 'pending',
  running: 'running',
  succeeded: 'ok',
  failed: 'error',
  cancelled: 'aborted',
};

const stepTones: Record<OperationStepStatus, StatusTone> = {
  pending: 'pending',
  running: 'running',
  succeeded: 'ok',
  failed: 'error',
  skipped: 'aborted',
};

/**
 * A small chip for statuses of one kind: the tone of each, its label, and the
 * `data-` attribute that holds it.
 */
function statusChip<S extends string>(
  tones: Record<S, StatusTone>,
  label: (t: BerthTranslate, status: S) => string,
  attribute: `data-${string}`,
) {
  return (props: { status: S }) => {
    const { t } = useTranslationRef(berthTranslationRef);
    return (
      <StatusToneChip
        tone={tones[props.status]}
        label={label(t, props.status)}
        data={{ [attribute]: props.status }}
      />
    );
  };
}

/** An operation's status as a small chip. */
export const OperationStatusChip = statusChip(
  operationTones,
  (t, status) => t(`activity.statuses.${status}`),
  'data-operation-status',
);

/** A step's status as a small chip. */
export const StepStatusChip = statusChip(
  stepTones,
  (t, status) => t(`activity.stepStatuses.${status}`),
  'data-step-status',
);
