import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  StatusError,
  StatusOK,
  StatusPending,
  TableColumn,
} from '@backstage/core-components';
import { DataTable } from '../../common/DataTable';
import { BerthCluster } from '@berth/plugin-berth-common';
import { BerthTranslate, berthTranslationRef } from '../../../translation';

const columns = (t: BerthTranslate): TableColumn<BerthCluster>[] => [
  {
    title: t('clusters.cluster'),
    field: 'name',
    highlight: true,
    render: c => c.title ?? c.name,
  },
  {
    title: t('clusters.connection'),
    field: 'connection',
    render: c => {
      if (c.connection === 'Connected') {
        return <StatusOK>{t('clusters.connected')}</StatusOK>;
      }
      if (c.connection === 'Disconnected') {
        return <StatusError>{t('clusters.disconnected')}</StatusError>;
      }
      return <StatusPending>{t('clusters.notChecked')}</StatusPending>;
    },
  },
  { title: t('clusters.url'), field: 'url' },
  { title: t('clusters.auth'), field: 'authProvider' },
  {
    title: t('clusters.production'),
    field: 'allowProduction',
    render: c =>
      c.allowProduction ? t('clusters.allowed') : t('clusters.notAllowed'),
  },
];

/** The Kubernetes clusters Berth may deploy to, with their connectivity. */
export const ClustersTable = (props: { clusters: BerthCluster[] }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <DataTable<BerthCluster>
      title={t('clusters.title')}
      subtitle={t('clusters.subtitle')}
      columns={columns(t)}
      data={props.clusters.map(c => ({ ...c, id: c.name }))}
      empty={t('clusters.empty')}
    />
  );
};
