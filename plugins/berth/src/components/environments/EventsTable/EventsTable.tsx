import {
  ResponseErrorPanel,
  StatusOK,
  StatusWarning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EventSummary } from '@berth/plugin-berth-common';
import { formatTime } from '../../../lib/time';
import { useEnvironmentEvents } from '../../../hooks/useEnvironmentEvents';

type Row = EventSummary & { id: string };

const columns: TableColumn<Row>[] = [
  {
    title: 'Type',
    field: 'type',
    render: e =>
      e.type === 'Warning' ? (
        <StatusWarning>Warning</StatusWarning>
      ) : (
        <StatusOK>{e.type}</StatusOK>
      ),
  },
  { title: 'Reason', field: 'reason' },
  { title: 'Object', field: 'object' },
  { title: 'Message', field: 'message' },
  { title: 'Count', field: 'count', align: 'right' },
  { title: 'Last seen', render: e => formatTime(e.lastSeen) },
];

/** The Kubernetes events in an environment's namespace, newest first. */
export const EventsTable = (props: { environmentId: string }) => {
  const events = useEnvironmentEvents(props.environmentId);
  if (events.error) {
    return <ResponseErrorPanel error={events.error} title="Events" />;
  }
  const rows = [...(events.value ?? [])]
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
    .map((e, i) => ({ ...e, id: `${i}` }));
  return (
    <Table<Row>
      title="Events"
      isLoading={events.loading && !events.value}
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        search: false,
        padding: 'dense',
      }}
      columns={columns}
      data={rows}
      emptyContent={<div style={{ padding: 16 }}>No events.</div>}
    />
  );
};
