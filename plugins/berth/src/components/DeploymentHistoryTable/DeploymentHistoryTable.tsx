import {
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusRunning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { DeploymentRecord } from '@berth/plugin-berth-common';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { berthApiRef } from '../../api';
import { formatTime } from '../../lib/time';
import { ImageList } from '../ImageList';

const results: Record<DeploymentRecord['result'], JSX.Element> = {
  succeeded: <StatusOK>Succeeded</StatusOK>,
  failed: <StatusError>Failed</StatusError>,
  running: <StatusRunning>Running</StatusRunning>,
};

const Result = ({ record }: { record: DeploymentRecord }) => {
  const status = results[record.result] ?? <>{record.result}</>;
  if (!record.message) return status;
  return (
    <>
      {status}
      <Tooltip title={record.message}>
        <Typography variant="caption" component="div" noWrap>
          {record.message}
        </Typography>
      </Tooltip>
    </>
  );
};

const Actor = ({ actor }: { actor: string }) =>
  /^[a-z0-9-]+:[^/\s]+\/\S+$/i.test(actor) ? (
    <EntityRefLink entityRef={actor} defaultKind="user" />
  ) : (
    <>{actor}</>
  );

const columns: TableColumn<DeploymentRecord>[] = [
  { title: 'Service', field: 'service', highlight: true },
  {
    title: 'Revision',
    field: 'revision',
    render: d => (
      <>
        {d.revision}
        {d.helmRevision !== undefined && (
          <Typography variant="caption" component="div" color="textSecondary">
            Helm release {d.helmRevision}
          </Typography>
        )}
      </>
    ),
  },
  { title: 'Images', render: d => <ImageList images={d.images} /> },
  { title: 'By', field: 'actor', render: d => <Actor actor={d.actor} /> },
  { title: 'Started', render: d => formatTime(d.startedAt) },
  {
    title: 'Finished',
    render: d => (d.finishedAt ? formatTime(d.finishedAt) : '—'),
  },
  { title: 'Result', field: 'result', render: d => <Result record={d} /> },
];

/** Who deployed what into an environment and how it went, newest first. */
export const DeploymentHistoryTable = (props: {
  environmentId: string;
  refreshKey?: unknown;
}) => {
  const berthApi = useApi(berthApiRef);
  const history = useAsync(
    () => berthApi.listDeployments(props.environmentId),
    [berthApi, props.environmentId, props.refreshKey],
  );
  if (history.error) {
    return (
      <ResponseErrorPanel error={history.error} title="Deployment history" />
    );
  }
  const rows = [...(history.value ?? [])].sort((a, b) =>
    b.startedAt.localeCompare(a.startedAt),
  );
  return (
    <Table<DeploymentRecord>
      title="Deployment history"
      isLoading={history.loading && !history.value}
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        search: false,
        padding: 'dense',
      }}
      columns={columns}
      data={rows}
      emptyContent={<div style={{ padding: 16 }}>Nothing deployed yet.</div>}
    />
  );
};
