import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import {
  OperationStatus,
  OperationStepStatus,
} from '@berth/plugin-berth-common';
import Chip from '@material-ui/core/Chip';
import { ComponentType, PropsWithChildren } from 'react';
import { activityStrings } from './strings';

type Icon = ComponentType<PropsWithChildren<{}>>;

const operationIcons: Record<OperationStatus, Icon> = {
  queued: StatusPending,
  running: StatusRunning,
  succeeded: StatusOK,
  failed: StatusError,
  cancelled: StatusAborted,
};

const stepIcons: Record<OperationStepStatus, Icon> = {
  pending: StatusPending,
  running: StatusRunning,
  succeeded: StatusOK,
  failed: StatusError,
  skipped: StatusAborted,
};

/** An operation's status as a small chip. */
export const OperationStatusChip = (props: { status: OperationStatus }) => {
  const Icon = operationIcons[props.status] ?? StatusPending;
  return (
    <Chip
      size="small"
      variant="outlined"
      data-operation-status={props.status}
      label={
        <Icon>{activityStrings.statuses[props.status] ?? props.status}</Icon>
      }
    />
  );
};

/** A step's status as a small chip. */
export const StepStatusChip = (props: { status: OperationStepStatus }) => {
  const Icon = stepIcons[props.status] ?? StatusPending;
  return (
    <Chip
      size="small"
      variant="outlined"
      data-step-status={props.status}
      label={
        <Icon>
          {activityStrings.stepStatuses[props.status] ?? props.status}
        </Icon>
      }
    />
  );
};
