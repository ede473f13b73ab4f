import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { EnvironmentLink } from '../../environments/EnvironmentLink';
import { DataTable } from '../../common/DataTable';
import {
  EnvironmentStatus,
  ReleaseMatrix as Matrix,
  ReleaseMatrixCell,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { useEnvironmentStatusSignals } from '../../../hooks/useEnvironmentStatusSignals';
import { imageTag } from '../../../lib/images';
import { toProjectRef } from '../../../lib/refs';
import { WorkloadStatusChip } from '../../common/WorkloadStatusChip';
import { useReleaseMatrix } from '../../../hooks/useReleaseMatrix';
import { berthTranslationRef } from '../../../translation';

type Row = { id: string; service: string };

const Cell = (props: { cell?: ReleaseMatrixCell }) => {
  const { cell } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  if (!cell) return <Typography variant="body2">—</Typography>;
  return (
    <Box display="flex" flexDirection="column" alignItems="flex-start">
      <Typography variant="body2">
        {cell.revision !== undefined
          ? t('releaseMatrix.revision', { revision: String(cell.revision) })
          : t('releaseMatrix.noRevision')}
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
  const { t } = useTranslationRef(berthTranslationRef);
  const [live, setLive] = useState<Record<string, EnvironmentStatus>>({});
  const matrix = useReleaseMatrix(toProjectRef(props.projectRef));
  // A new matrix carries the statuses of its time: the live ones start again.
  useEffect(() => setLive({}), [matrix.value]);
  useEnvironmentStatusSignals(
    status => setLive(prev => ({ ...prev, [status.environmentId]: status })),
    id => Boolean(matrix.value?.environments.some(e => e.id === id)),
  );

  if (matrix.error) {
    return (
      <ResponseErrorPanel
        error={matrix.error}
        title={t('releaseMatrix.title')}
      />
    );
  }
  if (!matrix.value) return <Progress />;
  const shown = withLive(matrix.value, live);

  const columns: TableColumn<Row>[] = [
    { title: t('releaseMatrix.service'), field: 'service', highlight: true },
    ...shown.environments.map(
      (environment): TableColumn<Row> => ({
        title: (
          <Box>
            <EnvironmentLink id={environment.id} name={environment.name} />
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
    <DataTable<Row>
      title={t('releaseMatrix.title')}
      subtitle={
        shown.environments.length
          ? t('releaseMatrix.subtitle')
          : t('environments.empty')
      }
      columns={columns.map(c => ({ ...c, sorting: false }))}
      data={shown.services.map(service => ({ id: service, service }))}
      empty={t('servicesTable.empty')}
    />
  );
};
