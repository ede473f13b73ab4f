import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  StatusError,
  StatusOK,
  StatusPending,
  TableColumn,
} from '@backstage/core-components';
import { DataTable } from '../../common/DataTable';
import { PodSummary } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { formatTime } from '../../../lib/time';
import { PodLogsDialog } from '../PodLogsDialog';
import { usePods } from '../../../hooks/usePods';
import { berthTranslationRef } from '../../../translation';

const PodState = ({ pod }: { pod: PodSummary }) => {
  if (pod.phase === 'Failed') return <StatusError>{pod.phase}</StatusError>;
  if (pod.ready) return <StatusOK>{pod.phase}</StatusOK>;
  return <StatusPending>{pod.phase}</StatusPending>;
};

/** The pods of an environment; each one's logs on request. */
export const PodsTable = (props: { environmentId: string }) => {
  const [logsOf, setLogsOf] = useState<PodSummary>();
  const pods = usePods(props.environmentId);
  const { t } = useTranslationRef(berthTranslationRef);

  const columns: TableColumn<PodSummary & { id: string }>[] = [
    { title: t('pods.pod'), field: 'name', highlight: true },
    {
      title: t('pods.service'),
      field: 'service',
      render: p => p.service ?? '—',
    },
    {
      title: t('pods.phase'),
      field: 'phase',
      render: p => <PodState pod={p} />,
    },
    {
      title: t('pods.ready'),
      field: 'ready',
      render: p => (p.ready ? t('pods.yes') : t('pods.no')),
    },
    { title: t('pods.restarts'), field: 'restarts', align: 'right' },
    { title: t('pods.node'), field: 'node', render: p => p.node ?? '—' },
    { title: t('pods.created'), render: p => formatTime(p.createdAt) },
    {
      title: t('pods.logs'),
      render: p => (
        <Button
          size="small"
          onClick={() => setLogsOf(p)}
          aria-label={t('pods.logsOf', { pod: p.name })}
        >
          {t('pods.logs')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <DataTable<PodSummary & { id: string }>
        title={t('pods.title')}
        result={pods}
        columns={columns}
        data={(pods.value ?? []).map(p => ({ ...p, id: p.name }))}
        empty={t('pods.empty')}
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
