import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthOperation } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { useOperation } from '../../../hooks/useOperation';
import { formatTime } from '../../../lib/time';
import { CancelOperationButton } from './CancelOperationButton';
import { OperationSteps } from './OperationSteps';
import { OperationStatusChip } from './StatusChips';
import { cancelRequestedLabel, operationKindLabel } from './strings';
import { berthTranslationRef } from '../../../translation';
import { Note } from '../../common/Note';

/**
 * The operation running on an environment: its progress (steps done of all
 * steps), its steps by start-order group with each service's status and
 * message, and a Cancel button for those who may deploy.
 */
export const CurrentOperation = (props: {
  environmentId: string;
  operation: BerthOperation;
  canCancel: boolean;
  onChanged: () => void;
}) => {
  const { environmentId, canCancel, onChanged } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const detail = useOperation(environmentId, props.operation.id);
  // The list's summary is as new as the details, or newer after a signal.
  const operation = { ...detail.value, ...props.operation };
  const { done, total } = operation.progress;
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;

  return (
    <Box role="region" aria-label={operation.title} mb={2}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="subtitle1" component="h3">
          {operation.title}
        </Typography>
        <OperationStatusChip status={operation.status} />
        <Box flexGrow={1} />
        {canCancel && (
          <CancelOperationButton
            environmentId={environmentId}
            operation={operation}
            onCancelled={() => {
              detail.retry();
              onChanged();
            }}
          />
        )}
      </Box>
      <Typography variant="body2" color="textSecondary">
        {operationKindLabel(t, operation.kind)} ·{' '}
        {t('activity.by', { actor: operation.actor })} ·{' '}
        {t('activity.started', { time: formatTime(operation.startedAt) })}
        {operation.attempts > 1 &&
          ` · ${t('activity.attempts', { n: String(operation.attempts) })}`}
      </Typography>
      {operation.cancelRequested && (
        <Note>{cancelRequestedLabel(t, operation.cancelledBy)}</Note>
      )}
      <Box display="flex" alignItems="center" my={1} style={{ gap: 8 }}>
        <Box flexGrow={1}>
          <LinearProgress
            variant="determinate"
            value={percent}
            aria-label={t('activity.progressLabel', { title: operation.title })}
          />
        </Box>
        <Typography variant="caption">
          {t('activity.progress', { done: String(done), total: String(total) })}
        </Typography>
      </Box>
      <OperationSteps
        steps={detail.value?.steps}
        label={t('activity.stepsOf', { title: operation.title })}
      />
    </Box>
  );
};
