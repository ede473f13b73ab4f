import {
  StatusError,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { BerthCluster } from '@berth/plugin-berth-common';

const columns: TableColumn<BerthCluster>[] = [
  {
    title: 'Cluster',
    field: 'name',
    highlight: true,
    render: c => c.title ?? c.name,
  },
  {
    title: 'Connection',
    field: 'connection',
    render: c => {
      if (c.connection === 'Connected') return <StatusOK>Connected</StatusOK>;
      if (c.connection === 'Disconnected') {
        return <StatusError>Disconnected</StatusError>;
      }
      return <StatusPending>Not checked</StatusPending>;
    },
  },
  { title: 'API server', field: 'url' },
  { title: 'Authentication', field: 'authProvider' },
  {
    title: 'Production',
    field: 'allowProduction',
    render: c => (c.allowProduction ? 'allowed' : 'not allowed'),
  },
];

/** The Kubernetes clusters Berth may deploy to, with their connectivity. */
export const ClustersTable = (props: { clusters: BerthCluster[] }) => (
  <Table<BerthCluster>
    title="Clusters"
    subtitle="From kubernetes.clusterLocatorMethods"
    options={{ paging: false, search: false, padding: 'dense' }}
    columns={columns}
    data={props.clusters.map(c => ({ ...c, id: c.name }))}
    emptyContent={
      <div style={{ padding: 16 }}>
        No clusters configured. Add them under kubernetes.clusterLocatorMethods
        in app-config.yaml.
      </div>
    }
  />
);
