import { OperationEvent } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { useOperation } from '../../../hooks/useOperation';
import { formatDuration } from '../../../lib/operations';
import { formatTime } from '../../../lib/time';
import { OperationSteps } from './OperationSteps';
import { OperationStatusChip } from './StatusChips';
import { activityStrings } from './strings';
import { ViewDialog } from '../../common/ViewDialog';

const EventLog = (props: { events?: OperationEvent[] }) => {
  const events = props.events ?? [];
  if (events.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {activityStrings.noEvents}
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label={activityStrings.events}>
      {events.map(event => (
        <ListItem key={event.seq} disableGutters data-level={event.level}>
          <Typography variant="body2" component="span">
            <Typography
              variant="caption"
              component="span"
              color="textSecondary"
            >
              {formatTime(event.at)} {event.level.toUpperCase()}
              {event.step ? ` [${event.step}]` : ''}{' '}
            </Typography>
            <Typography
              variant="body2"
              component="span"
              color={event.level === 'error' ? 'error' : 'initial'}
            >
              {event.message}
            </Typography>
          </Typography>
        </ListItem>
      ))}
    </List>
  );
};

const Field = (props: { label: string; value?: string }) => (
  <Box>
    <Typography variant="caption" color="textSecondary" component="p">
      {props.label}
    </Typography>
    <Typography variant="body2">{props.value ?? '—'}</Typography>
  </Box>
);

/** One operation in full: what it is, who started it, its outcome, its steps and its event log, live. */
export const OperationDetailsDialog = (props: {
  environmentId: string;
  operationId: string;
  onClose: () => void;
}) => {
  const detail = useOperation(props.environmentId, props.operationId);
  const operation = detail.value;
  return (
    <ViewDialog
      id="berth-operation"
      title={operation?.title ?? props.operationId}
      onClose={props.onClose}
      size="md"
      loading={detail.loading && !operation}
      error={detail.error}
    >
      {operation && (
        <>
          <Box display="flex" alignItems="center" mb={2} style={{ gap: 8 }}>
            <OperationStatusChip status={operation.status} />
            {operation.cancelRequested && (
              <Typography variant="body2" color="textSecondary">
                {activityStrings.cancelRequestedBy(operation.cancelledBy)}
              </Typography>
            )}
          </Box>
          {operation.message && (
            <Typography
              variant="body2"
              paragraph
              color={operation.status === 'failed' ? 'error' : 'initial'}
              aria-label={activityStrings.columns.message}
            >
              {operation.message}
            </Typography>
          )}
          <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 24 }}>
            <Field
              label={activityStrings.meta.kind}
              value={activityStrings.kinds[operation.kind] ?? operation.kind}
            />
            <Field
              label={activityStrings.meta.actor}
              value={`${operation.actor} (${operation.actorType})`}
            />
            <Field
              label={activityStrings.meta.created}
              value={formatTime(operation.createdAt)}
            />
            <Field
              label={activityStrings.meta.started}
              value={formatTime(operation.startedAt)}
            />
            <Field
              label={activityStrings.meta.finished}
              value={formatTime(operation.finishedAt)}
            />
            <Field
              label={activityStrings.meta.duration}
              value={formatDuration(operation.startedAt, operation.finishedAt)}
            />
            <Field
              label={activityStrings.meta.attempts}
              value={String(operation.attempts)}
            />
          </Box>
          <Typography variant="subtitle2" component="h3">
            {activityStrings.steps}
          </Typography>
          <OperationSteps steps={operation.steps} />
          <Box mt={2}>
            <Typography variant="subtitle2" component="h3">
              {activityStrings.events}
            </Typography>
            <EventLog events={operation.events} />
          </Box>
        </>
      )}
    </ViewDialog>
  );
};
