import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { BerthOperation } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useEnvironmentOperations } from '../../../hooks/useEnvironmentOperations';
import { CancelOperationButton } from './CancelOperationButton';
import { CurrentOperation } from './CurrentOperation';
import { OperationDetailsDialog } from './OperationDetailsDialog';
import { OperationsTable } from './OperationsTable';
import { waitingFor } from './waitingFor';
import { berthTranslationRef } from '../../../translation';
import { Note } from '../../common/Note';

/** How many operations the panel lists. */
const RECENT = 20;

const QueuedOperations = (props: {
  environmentId: string;
  queued: BerthOperation[];
  all: BerthOperation[];
  canCancel: boolean;
  onChanged: () => void;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <List dense disablePadding aria-label={t('activity.statuses.queued')}>
      {props.queued.map(operation => (
        <ListItem key={operation.id} disableGutters>
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography variant="body2">{operation.title}</Typography>
            <Note>{waitingFor(operation, props.all, t)}</Note>
            {props.canCancel && (
              <CancelOperationButton
                environmentId={props.environmentId}
                operation={operation}
                onCancelled={props.onChanged}
              />
            )}
          </Box>
        </ListItem>
      ))}
    </List>
  );
};

/**
 * An environment's activity: the operation running on it (progress by
 * start-order group and service, Cancel), those queued behind it, and with
 * `variant="full"` the recent operations with their details (steps, event
 * log). Kept live by the operation signals. The `active` variant shows only
 * what runs or waits, and nothing when the environment is idle.
 */
export const ActivityPanel = (props: {
  environmentId: string;
  /** Whether the user may cancel (berth.environment.deploy). */
  canCancel: boolean;
  variant?: 'full' | 'active';
}) => {
  const { environmentId, canCancel, variant = 'full' } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const operations = useEnvironmentOperations(environmentId, {
    limit: RECENT,
  });
  const [details, setDetails] = useState<string>();
  const all = operations.value ?? [];
  const running = all.find(o => o.status === 'running');
  // Newest first from the API; the queue reads oldest first.
  const queued = all.filter(o => o.status === 'queued').reverse();
  const active = Boolean(running) || queued.length > 0;

  const now = (
    <>
      {running && (
        <CurrentOperation
          environmentId={environmentId}
          operation={running}
          canCancel={canCancel}
          onChanged={operations.retry}
        />
      )}
      {queued.length > 0 && (
        <QueuedOperations
          environmentId={environmentId}
          queued={queued}
          all={all}
          canCancel={canCancel}
          onChanged={operations.retry}
        />
      )}
    </>
  );

  if (variant === 'active') {
    if (!active) return null;
    return (
      <Box mb={2}>
        <InfoCard title={t('activity.now')}>{now}</InfoCard>
      </Box>
    );
  }

  return (
    <Box>
      {operations.error && (
        <ResponseErrorPanel
          title={t('activity.loadFailed')}
          error={operations.error}
        />
      )}
      <Box mb={2}>
        <InfoCard title={t('activity.now')}>
          {active ? now : <Note>{t('activity.idle')}</Note>}
        </InfoCard>
      </Box>
      <OperationsTable
        operations={all}
        loading={operations.loading}
        onDetails={o => setDetails(o.id)}
      />
      {details && (
        <OperationDetailsDialog
          environmentId={environmentId}
          operationId={details}
          onClose={() => setDetails(undefined)}
        />
      )}
    </Box>
  );
};
