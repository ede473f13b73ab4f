import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  WorkflowJobRunStatus,
  WorkflowRunStatus,
  WorkflowStageRun,
} from '@berth/plugin-berth-common';
import { berthTranslationRef } from '../../../translation';
import { StatusTone, StatusToneChip } from '../../common/StatusToneChip';

type AnyStatus =
  | WorkflowRunStatus
  | WorkflowJobRunStatus
  | WorkflowStageRun['status'];

const tones: Record<AnyStatus, StatusTone> = {
  pending: 'pending',
  queued: 'pending',
  running: 'running',
  waiting: 'warning',
  cancelling: 'running',
  succeeded: 'ok',
  failed: 'error',
  skipped: 'aborted',
  cancelled: 'aborted',
  timedOut: 'error',
};

/** The status of a run, a stage or a job, as a small chip (`data-status` holds the status). */
export const WorkflowStatusChip = (props: { status: AnyStatus }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <StatusToneChip
      tone={tones[props.status]}
      label={t(`workflows.statuses.${props.status}`)}
      data={{ 'data-status': props.status }}
    />
  );
};
