import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
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
import { cancelRequestedLabel, operationKindLabel } from './strings';
import { ViewDialog } from '../../common/ViewDialog';
import { berthTranslationRef } from '../../../translation';
import { Note } from '../../common/Note';

const EventLog = (props: { events?: OperationEvent[] }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const events = props.events ?? [];
  if (events.length === 0) {
    return <Note>{t('activity.noEvents')}</Note>;
  }
  return (
    <List dense disablePadding aria-label={t('activity.events')}>
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
  const { t } = useTranslationRef(berthTranslationRef);
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
              <Note>{cancelRequestedLabel(t, operation.cancelledBy)}</Note>
            )}
          </Box>
          {operation.message && (
            <Typography
              variant="body2"
              paragraph
              color={operation.status === 'failed' ? 'error' : 'initial'}
              aria-label={t('activity.columns.message')}
            >
              {operation.message}
            </Typography>
          )}
          <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 24 }}>
            <Field
              label={t('activity.meta.kind')}
              value={operationKindLabel(t, operation.kind)}
            />
            <Field
              label={t('activity.meta.actor')}
              value={`${operation.actor} (${operation.actorType})`}
            />
            <Field
              label={t('activity.meta.created')}
              value={formatTime(operation.createdAt)}
            />
            <Field
              label={t('activity.meta.started')}
              value={formatTime(operation.startedAt)}
            />
            <Field
              label={t('activity.meta.finished')}
              value={formatTime(operation.finishedAt)}
            />
            <Field
              label={t('activity.meta.duration')}
              value={formatDuration(operation.startedAt, operation.finishedAt)}
            />
            <Field
              label={t('activity.meta.attempts')}
              value={String(operation.attempts)}
            />
          </Box>
          <Typography variant="subtitle2" component="h3">
            {t('activity.steps')}
          </Typography>
          <OperationSteps steps={operation.steps} />
          <Box mt={2}>
            <Typography variant="subtitle2" component="h3">
              {t('activity.events')}
            </Typography>
            <EventLog events={operation.events} />
          </Box>
        </>
      )}
    </ViewDialog>
  );
};
