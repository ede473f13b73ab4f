import {
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusRunning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { DeploymentRecord } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import CompareArrowsIcon from '@material-ui/icons/CompareArrows';
import { useState } from 'react';
import { formatTime } from '../../../lib/time';
import { DeploymentDiffDialog } from '../DeploymentHistoryDiff';
import { ImageList } from '../../services/ImageList';
import { RollbackDialog } from '../RollbackDialog';
import { useDeploymentHistory } from '../../../hooks/useDeploymentHistory';

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

const ALL = '';

/**
 * Who deployed what into an environment and how it went, newest first; for
 * one service, two records can be compared (values and rendered manifests)
 * and, with the rollback permission, the service rolled back to a record.
 */
export const DeploymentHistoryTable = (props: {
  environmentId: string;
  /** The services to choose from; without them, no service filter is shown. */
  services?: string[];
  /** The service shown; all when undefined. */
  service?: string;
  onServiceChange?: (service: string | undefined) => void;
  canRollback?: boolean;
  /** Called after a rollback has started. */
  onChanged?: () => void;
}) => {
  const { environmentId, service, canRollback } = props;
  const [selected, setSelected] = useState<string[]>([]);
  const [comparing, setComparing] = useState<
    [DeploymentRecord, DeploymentRecord] | undefined
  >();
  const [rollingBack, setRollingBack] = useState<DeploymentRecord>();
  const history = useDeploymentHistory(environmentId, service);
  if (history.error) {
    return (
      <ResponseErrorPanel error={history.error} title="Deployment history" />
    );
  }
  const rows = [...(history.value ?? [])].sort((a, b) =>
    b.startedAt.localeCompare(a.startedAt),
  );
  const byId = new Map(rows.map(r => [r.id, r]));
  const toggle = (id: string, on: boolean) =>
    setSelected(current =>
      on
        ? [...current.filter(s => s !== id), id].slice(-2)
        : current.filter(s => s !== id),
    );
  const compare = () => {
    const [a, b] = selected
      .map(id => byId.get(id)!)
      .sort((x, y) => x.startedAt.localeCompare(y.startedAt));
    setComparing([a, b]);
  };

  const columns: TableColumn<DeploymentRecord>[] = [];
  if (service) {
    columns.push({
      title: 'Compare',
      width: '60px',
      render: d => (
        <Checkbox
          size="small"
          checked={selected.includes(d.id)}
          onChange={e => toggle(d.id, e.target.checked)}
          inputProps={{
            'aria-label': `Select revision ${d.revision} of ${formatTime(
              d.startedAt,
            )}`,
          }}
        />
      ),
    });
  }
  columns.push(
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
          {d.rollbackOf && (
            <Typography variant="caption" component="div" color="textSecondary">
              Rollback
              {byId.get(d.rollbackOf)
                ? ` to revision ${
                    byId.get(d.rollbackOf)!.revision
                  } of ${formatTime(byId.get(d.rollbackOf)!.startedAt)}`
                : ''}
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
  );
  if (canRollback) {
    columns.push({
      title: 'Rollback',
      render: d =>
        d.result === 'succeeded' ? (
          <Button
            size="small"
            onClick={() => setRollingBack(d)}
            aria-label={`Roll ${d.service} back to revision ${
              d.revision
            } of ${formatTime(d.startedAt)}`}
          >
            Roll back
          </Button>
        ) : null,
    });
  }

  return (
    <>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 16 }}>
        {props.services && props.onServiceChange && (
          <TextField
            id="berth-history-service"
            select
            label="Service"
            value={service ?? ALL}
            onChange={e => {
              setSelected([]);
              props.onServiceChange!(e.target.value || undefined);
            }}
            SelectProps={{ native: true }}
            margin="dense"
            style={{ minWidth: 200 }}
          >
            <option value={ALL}>All services</option>
            {props.services.map(s => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </TextField>
        )}
        {service ? (
          <>
            <Button
              variant="outlined"
              startIcon={<CompareArrowsIcon />}
              disabled={selected.length !== 2}
              onClick={compare}
            >
              Compare selected
            </Button>
            <Typography variant="body2" color="textSecondary">
              Select two deployments to compare their values and manifests.
            </Typography>
          </>
        ) : (
          props.services && (
            <Typography variant="body2" color="textSecondary">
              Choose a service to compare or roll back its deployments.
            </Typography>
          )
        )}
      </Box>
      <Table<DeploymentRecord>
        title={
          service ? `Deployment history of ${service}` : 'Deployment history'
        }
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
      {comparing && (
        <DeploymentDiffDialog
          environmentId={environmentId}
          service={comparing[0].service}
          from={comparing[0]}
          to={comparing[1]}
          onClose={() => setComparing(undefined)}
        />
      )}
      {rollingBack && (
        <RollbackDialog
          environmentId={environmentId}
          record={rollingBack}
          onClose={() => setRollingBack(undefined)}
          onRolledBack={() => props.onChanged?.()}
        />
      )}
    </>
  );
};
