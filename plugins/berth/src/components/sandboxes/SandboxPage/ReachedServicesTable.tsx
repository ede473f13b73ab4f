import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { TableColumn } from '@backstage/core-components';
import { SandboxReachedService } from '@berth/plugin-berth-common';
import Chip from '@material-ui/core/Chip';
import { ReactNode } from 'react';
import { formatRelativeTime, formatTime } from '../../../lib/time';
import { BerthTranslate, berthTranslationRef } from '../../../translation';
import { DataTable } from '../../common/DataTable';

const monospace = { fontFamily: 'monospace' };

function columns(t: BerthTranslate): TableColumn<SandboxReachedService>[] {
  return [
    {
      title: t('sandboxes.traffic.service'),
      field: 'service',
      highlight: true,
    },
    { title: t('sandboxes.traffic.namespace'), field: 'namespace' },
    {
      title: t('sandboxes.traffic.servedBy'),
      render: s => (
        <Chip
          size="small"
          variant="outlined"
          color={s.servedBy === 'fork' ? 'primary' : 'default'}
          data-served-by={s.servedBy}
          label={
            s.servedBy === 'fork'
              ? t('sandboxes.traffic.fork')
              : t('sandboxes.traffic.base')
          }
        />
      ),
    },
    {
      title: t('sandboxes.traffic.header'),
      render: s => <code style={monospace}>{s.keyHeader}</code>,
    },
    {
      title: t('sandboxes.traffic.lastReached'),
      render: s => (
        <time dateTime={s.lastReachedAt} title={formatTime(s.lastReachedAt)}>
          {formatRelativeTime(s.lastReachedAt)}
        </time>
      ),
    },
    {
      title: t('sandboxes.traffic.path'),
      render: s => <code style={monospace}>{s.lastPath ?? '—'}</code>,
    },
    {
      title: t('sandboxes.traffic.status'),
      render: s => s.lastStatus ?? '—',
    },
  ];
}

/** The services requests with a sandbox's key reached, newest first: who served them, with which header, when. */
export const ReachedServicesTable = (props: {
  services: SandboxReachedService[];
  /** Shown when no service was reached. */
  empty: ReactNode;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <DataTable<SandboxReachedService>
      columns={columns(t)}
      data={props.services}
      empty={props.empty}
      toolbar={false}
    />
  );
};
