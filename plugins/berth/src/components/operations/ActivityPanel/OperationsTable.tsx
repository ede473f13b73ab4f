import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Table, TableColumn } from '@backstage/core-components';
import { BerthOperation } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import ListAltIcon from '@material-ui/icons/ListAlt';
import { formatDuration } from '../../../lib/operations';
import { waitingFor } from './waitingFor';
import { formatTime } from '../../../lib/time';
import { OperationStatusChip } from './StatusChips';
import { operationKindLabel } from './strings';
import { BerthTranslate, berthTranslationRef } from '../../../translation';

/** What the message column says: the outcome, or what a queued one waits for. */
function messageOf(
  t: BerthTranslate,
  operation: BerthOperation,
  all: BerthOperation[],
) {
  if (operation.status === 'queued') return waitingFor(operation, all, t);
  return operation.message;
}

/** An environment's recent operations, newest first, each with its details on request. */
export const OperationsTable = (props: {
  operations: BerthOperation[];
  loading?: boolean;
  onDetails: (operation: BerthOperation) => void;
}) => {
  const { operations } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const columns: TableColumn<BerthOperation>[] = [
    {
      title: t('activity.columns.operation'),
      render: o => (
        <Box>
          <Typography variant="body2">{o.title}</Typography>
          <Typography variant="caption" color="textSecondary">
            {operationKindLabel(t, o.kind)}
          </Typography>
        </Box>
      ),
    },
    { title: t('activity.columns.actor'), field: 'actor' },
    {
      title: t('activity.columns.status'),
      render: o => <OperationStatusChip status={o.status} />,
    },
    {
      title: t('activity.columns.started'),
      render: o => formatTime(o.startedAt),
    },
    {
      title: t('activity.columns.duration'),
      render: o => formatDuration(o.startedAt, o.finishedAt) ?? '—',
    },
    {
      title: t('activity.columns.message'),
      render: o => (
        <Typography
          variant="body2"
          color={o.status === 'failed' ? 'error' : 'initial'}
        >
          {messageOf(t, o, operations)}
        </Typography>
      ),
    },
    {
      title: '',
      render: o => (
        <Tooltip title={t('activity.details')}>
          <IconButton
            size="small"
            aria-label={t('activity.detailsLabel', { title: o.title })}
            onClick={() => props.onDetails(o)}
          >
            <ListAltIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      ),
    },
  ];
  return (
    <Table<BerthOperation>
      title={t('activity.recent')}
      options={{ search: false, paging: false, padding: 'dense' }}
      isLoading={props.loading && operations.length === 0}
      columns={columns}
      data={operations}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">{t('activity.none')}</Typography>
        </Box>
      }
    />
  );
};
