import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import {
  WorkflowJobRunStatus,
  WorkflowRunStatus,
  WorkflowStageRun,
} from '@berth/plugin-berth-common';
import Chip from '@material-ui/core/Chip';
import { ComponentType, PropsWithChildren } from 'react';
import { berthTranslationRef } from '../../../translation';

type Icon = ComponentType<PropsWithChildren<{}>>;
type AnyStatus =
  | WorkflowRunStatus
  | WorkflowJobRunStatus
  | WorkflowStageRun['status'];

const icons: Record<AnyStatus, Icon> = {
  pending: StatusPending,
  queued: StatusPending,
  running: StatusRunning,
  waiting: StatusWarning,
  cancelling: StatusRunning,
  succeeded: StatusOK,
  failed: StatusError,
  skipped: StatusAborted,
  cancelled: StatusAborted,
  timedOut: StatusError,
};

/** The status of a run, a stage or a job, as a small chip (`data-status` holds the status). */
export const WorkflowStatusChip = (props: { status: AnyStatus }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const Icon = icons[props.status] ?? StatusPending;
  return (
    <Chip
      size="small"
      variant="outlined"
      data-status={props.status}
      label={<Icon>{t(`workflows.statuses.${props.status}`)}</Icon>}
    />
  );
};
