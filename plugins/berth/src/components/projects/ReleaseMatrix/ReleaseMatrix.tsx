import {
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  EnvironmentStatus,
  ReleaseMatrix as Matrix,
  ReleaseMatrixCell,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { useEnvironmentLink } from '../../../hooks/useEnvironmentLink';
import { useEnvironmentStatusSignals } from '../../../hooks/useEnvironmentStatusSignals';
import { imageTag } from '../../../lib/images';
import { toProjectRef } from '../../../lib/refs';
import { WorkloadStatusChip } from '../../common/WorkloadStatusChip';
import { useReleaseMatrix } from '../../../hooks/useReleaseMatrix';

type Row = { id: string; service: string };

const Cell = (props: { cell?: ReleaseMatrixCell }) => {
  const { cell } = props;
  if (!cell) return <Typography variant="body2">—</Typography>;
  return (
    <Box display="flex" flexDirection="column" alignItems="flex-start">
      <Typography variant="body2">
        {cell.revision !== undefined
          ? `Revision ${cell.revision}`
          : 'No revision'}
      </Typography>
      {cell.images.map(image => (
        <Tooltip key={image} title={image}>
          <Typography variant="caption">{imageTag(image)}</Typography>
        </Tooltip>
      ))}
      <WorkloadStatusChip status={cell.status} />
    </Box>
  );
};

/** The matrix with the live statuses of the signals applied. */
function withLive(
  matrix: Matrix,
  live: Record<string, EnvironmentStatus>,
): Matrix {
  const cells = { ...matrix.cells };
  for (const service of matrix.services) {
    cells[service] = { ...cells[service] };
    for (const environment of matrix.environments) {
      const running = live[environment.id]?.services.find(
        s => s.service === service,
      );
      if (running) {
        cells[service][environment.id] = {
          revision: running.revision,
          images: running.images,
          status: running.status,
        };
      }
    }
  }
  return { ...matrix, cells };
}

/**
 * A project's services × environments: what revision and images run where,
 * and how it is doing; live from the status signals.
 */
export const ReleaseMatrix = (props: { projectRef: string }) => {
  const environmentLink = useEnvironmentLink();
  const [live, setLive] = useState<Record<string, EnvironmentStatus>>({});
  const matrix = useReleaseMatrix(toProjectRef(props.projectRef));
  // A new matrix carries the statuses of its time: the live ones start again.
  useEffect(() => setLive({}), [matrix.value]);
  useEnvironmentStatusSignals(
    status => setLive(prev => ({ ...prev, [status.environmentId]: status })),
    id => Boolean(matrix.value?.environments.some(e => e.id === id)),
  );

  if (matrix.error) {
    return <ResponseErrorPanel error={matrix.error} title="Release matrix" />;
  }
  if (!matrix.value) return <Progress />;
  const shown = withLive(matrix.value, live);

  const columns: TableColumn<Row>[] = [
    { title: 'Service', field: 'service', highlight: true },
    ...shown.environments.map(
      (environment): TableColumn<Row> => ({
        title: (
          <Box>
            {environmentLink(environment.id) ? (
              <Link to={environmentLink(environment.id)!}>
                {environment.name}
              </Link>
            ) : (
              environment.name
            )}
            <Typography variant="caption" component="div">
              {environment.tier} · {environment.cluster}
            </Typography>
          </Box>
        ),
        render: row => (
          <Cell cell={shown.cells[row.service]?.[environment.id]} />
        ),
      }),
    ),
  ];

  return (
    <Table<Row>
      title="Release matrix"
      subtitle={
        shown.environments.length
          ? 'What runs in each environment'
          : 'No environments yet'
      }
      options={{
        paging: false,
        search: false,
        padding: 'dense',
        sorting: false,
      }}
      columns={columns}
      data={shown.services.map(service => ({ id: service, service }))}
      emptyContent={
        <div style={{ padding: 16 }}>The project has no services.</div>
      }
    />
  );
};
