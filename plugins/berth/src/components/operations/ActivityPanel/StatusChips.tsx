import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
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
import { berthTranslationRef } from '../../../translation';

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

const StatusChip = (props: {
  icon: Icon;
  label: string;
  data: Record<`data-${string}`, string>;
}) => (
  <Chip
    size="small"
    variant="outlined"
    {...props.data}
    label={<props.icon>{props.label}</props.icon>}
  />
);

/** An operation's status as a small chip. */
export const OperationStatusChip = (props: { status: OperationStatus }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <StatusChip
      icon={operationIcons[props.status] ?? StatusPending}
      label={t(`activity.statuses.${props.status}`)}
      data={{ 'data-operation-status': props.status }}
    />
  );
};

/** A step's status as a small chip. */
export const StepStatusChip = (props: { status: OperationStepStatus }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <StatusChip
      icon={stepIcons[props.status] ?? StatusPending}
      label={t(`activity.stepStatuses.${props.status}`)}
      data={{ 'data-step-status': props.status }}
    />
  );
};
