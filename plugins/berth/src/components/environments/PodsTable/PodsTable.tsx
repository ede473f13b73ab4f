import {
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { PodSummary } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { formatTime } from '../../../lib/time';
import { PodLogsDialog } from '../PodLogsDialog';
import { usePods } from '../../../hooks/usePods';

const PodState = ({ pod }: { pod: PodSummary }) => {
  if (pod.phase === 'Failed') return <StatusError>{pod.phase}</StatusError>;
  if (pod.ready) return <StatusOK>{pod.phase}</StatusOK>;
  return <StatusPending>{pod.phase}</StatusPending>;
};

/** The pods of an environment; each one's logs on request. */
export const PodsTable = (props: { environmentId: string }) => {
  const [logsOf, setLogsOf] = useState<PodSummary>();
  const pods = usePods(props.environmentId);

  const columns: TableColumn<PodSummary & { id: string }>[] = [
    { title: 'Pod', field: 'name', highlight: true },
    { title: 'Service', field: 'service', render: p => p.service ?? '—' },
    { title: 'Phase', field: 'phase', render: p => <PodState pod={p} /> },
    { title: 'Ready', field: 'ready', render: p => (p.ready ? 'yes' : 'no') },
    { title: 'Restarts', field: 'restarts', align: 'right' },
    { title: 'Node', field: 'node', render: p => p.node ?? '—' },
    { title: 'Created', render: p => formatTime(p.createdAt) },
    {
      title: 'Logs',
      render: p => (
        <Button
          size="small"
          onClick={() => setLogsOf(p)}
          aria-label={`Logs of ${p.name}`}
        >
          Logs
        </Button>
      ),
    },
  ];

  if (pods.error) return <ResponseErrorPanel error={pods.error} title="Pods" />;
  return (
    <>
      <Table<PodSummary & { id: string }>
        title="Pods"
        isLoading={pods.loading && !pods.value}
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={(pods.value ?? []).map(p => ({ ...p, id: p.name }))}
        emptyContent={<div style={{ padding: 16 }}>No pods.</div>}
      />
      {logsOf && (
        <PodLogsDialog
          environmentId={props.environmentId}
          pod={logsOf}
          onClose={() => setLogsOf(undefined)}
        />
      )}
    </>
  );
};
