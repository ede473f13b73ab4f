import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  StatusOK,
  StatusWarning,
  TableColumn,
} from '@backstage/core-components';
import { DataTable } from '../../common/DataTable';
import { EventSummary } from '@berth/plugin-berth-common';
import { formatTime } from '../../../lib/time';
import { useEnvironmentEvents } from '../../../hooks/useEnvironmentEvents';
import { BerthTranslate, berthTranslationRef } from '../../../translation';

type Row = EventSummary & { id: string };

const columns = (t: BerthTranslate): TableColumn<Row>[] => [
  {
    title: t('events.type'),
    field: 'type',
    render: e =>
      e.type === 'Warning' ? (
        <StatusWarning>{t('events.warning')}</StatusWarning>
      ) : (
        <StatusOK>{e.type}</StatusOK>
      ),
  },
  { title: t('events.reason'), field: 'reason' },
  { title: t('events.object'), field: 'object' },
  { title: t('events.message'), field: 'message' },
  { title: t('events.count'), field: 'count', align: 'right' },
  { title: t('events.lastSeen'), render: e => formatTime(e.lastSeen) },
];

/** The Kubernetes events in an environment's namespace, newest first. */
export const EventsTable = (props: { environmentId: string }) => {
  const events = useEnvironmentEvents(props.environmentId);
  const { t } = useTranslationRef(berthTranslationRef);
  const rows = [...(events.value ?? [])]
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
    .map((e, i) => ({ ...e, id: `${i}` }));
  return (
    <DataTable<Row>
      title={t('events.title')}
      result={events}
      columns={columns(t)}
      data={rows}
      empty={t('events.empty')}
    />
  );
};
