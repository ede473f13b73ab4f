import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  StatusError,
  StatusOK,
  StatusRunning,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { DeploymentRecord } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import { SelectInput } from '../../common/FormFields';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import CompareArrowsIcon from '@material-ui/icons/CompareArrows';
import { useState } from 'react';
import { formatTime } from '../../../lib/time';
import { DeploymentDiffDialog } from '../DeploymentHistoryDiff';
import { ImageList } from '../../services/ImageList';
import { RollbackDialog } from '../RollbackDialog';
import { useDeploymentHistory } from '../../../hooks/useDeploymentHistory';
import { DataTable } from '../../common/DataTable';
import { berthTranslationRef } from '../../../translation';

const resultIcons = {
  succeeded: StatusOK,
  failed: StatusError,
  running: StatusRunning,
};

const Result = ({ record }: { record: DeploymentRecord }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const Icon = resultIcons[record.result];
  const status = Icon ? (
    <Icon>{t(`deploymentHistory.results.${record.result}`)}</Icon>
  ) : (
    <>{record.result}</>
  );
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
  const { t } = useTranslationRef(berthTranslationRef);
  const [selected, setSelected] = useState<string[]>([]);
  const [comparing, setComparing] = useState<
    [DeploymentRecord, DeploymentRecord] | undefined
  >();
  const [rollingBack, setRollingBack] = useState<DeploymentRecord>();
  const history = useDeploymentHistory(environmentId, service);
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
      title: t('deploymentHistory.compare'),
      width: '60px',
      render: d => (
        <Checkbox
          size="small"
          checked={selected.includes(d.id)}
          onChange={e => toggle(d.id, e.target.checked)}
          inputProps={{
            'aria-label': t('deploymentHistory.select', {
              revision: String(d.revision),
              time: formatTime(d.startedAt),
            }),
          }}
        />
      ),
    });
  }
  columns.push(
    {
      title: t('deploymentHistory.service'),
      field: 'service',
      highlight: true,
    },
    {
      title: t('deploymentHistory.revision'),
      field: 'revision',
      render: d => (
        <>
          {d.revision}
          {d.helmRevision !== undefined && (
            <Typography variant="caption" component="div" color="textSecondary">
              {t('deploymentHistory.helmRelease', {
                revision: String(d.helmRevision),
              })}
            </Typography>
          )}
          {d.rollbackOf && (
            <Typography variant="caption" component="div" color="textSecondary">
              {byId.get(d.rollbackOf)
                ? t('deploymentHistory.rollbackTo', {
                    revision: String(byId.get(d.rollbackOf)!.revision),
                    time: formatTime(byId.get(d.rollbackOf)!.startedAt),
                  })
                : t('deploymentHistory.rollback')}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: t('deploymentHistory.images'),
      render: d => <ImageList images={d.images} />,
    },
    {
      title: t('deploymentHistory.by'),
      field: 'actor',
      render: d => <Actor actor={d.actor} />,
    },
    {
      title: t('deploymentHistory.started'),
      render: d => formatTime(d.startedAt),
    },
    {
      title: t('deploymentHistory.finished'),
      render: d => (d.finishedAt ? formatTime(d.finishedAt) : '—'),
    },
    {
      title: t('deploymentHistory.result'),
      field: 'result',
      render: d => <Result record={d} />,
    },
  );
  if (canRollback) {
    columns.push({
      title: t('deploymentHistory.rollback'),
      render: d =>
        d.result === 'succeeded' ? (
          <Button
            size="small"
            onClick={() => setRollingBack(d)}
            aria-label={t('deploymentHistory.rollBackLabel', {
              service: d.service,
              revision: String(d.revision),
              time: formatTime(d.startedAt),
            })}
          >
            {t('rollback.confirm')}
          </Button>
        ) : null,
    });
  }

  return (
    <>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 16 }}>
        {props.services && props.onServiceChange && (
          <SelectInput
            id="berth-history-service"
            label={t('deploymentHistory.service')}
            value={service ?? ALL}
            onChange={value => {
              setSelected([]);
              props.onServiceChange!(value || undefined);
            }}
            minWidth={200}
            placeholder={t('deploymentHistory.allServices')}
            options={props.services.map(s => ({ value: s, label: s }))}
          />
        )}
        {service ? (
          <>
            <Button
              variant="outlined"
              startIcon={<CompareArrowsIcon />}
              disabled={selected.length !== 2}
              onClick={compare}
            >
              {t('deploymentHistory.compareSelected')}
            </Button>
            <Typography variant="body2" color="textSecondary">
              {t('deploymentHistory.selectTwo')}
            </Typography>
          </>
        ) : (
          props.services && (
            <Typography variant="body2" color="textSecondary">
              {t('deploymentHistory.chooseService')}
            </Typography>
          )
        )}
      </Box>
      <DataTable<DeploymentRecord>
        title={
          service
            ? t('deploymentHistory.titleOf', { service })
            : t('deploymentHistory.title')
        }
        errorTitle={t('deploymentHistory.title')}
        result={history}
        columns={columns}
        data={rows}
        empty={t('deploymentHistory.empty')}
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
