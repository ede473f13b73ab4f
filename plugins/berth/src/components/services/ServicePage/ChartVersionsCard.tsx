import { InfoCard, Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ProjectRef } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { berthApiRef } from '../../../api';
import { errorMessage } from '../../../lib/errors';
import { useChartVersions } from '../../../hooks/useChartVersions';

/**
 * The versions of a service's chart at its origin, with "Move to" for those
 * who may change the project: a new revision on the chosen version.
 */
export const ChartVersionsCard = (props: {
  project: ProjectRef;
  service: string;
  canUpdate: boolean;
  onChanged: () => void;
}) => {
  const berthApi = useApi(berthApiRef);
  const alertApi = useApi(alertApiRef);
  const [moving, setMoving] = useState<string>();
  const [error, setError] = useState<string>();
  const versions = useChartVersions(props.project, props.service);

  const move = async (version: string) => {
    setMoving(version);
    setError(undefined);
    try {
      const revision = await berthApi.upgradeServiceChart(
        props.project,
        props.service,
        version,
      );
      alertApi.post({
        message: `${props.service} is on chart version ${version} as revision ${revision.revision}`,
        severity: 'success',
        display: 'transient',
      });
      props.onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setMoving(undefined);
    }
  };

  return (
    <InfoCard title="Chart versions">
      {versions.loading && <Progress />}
      {versions.error && (
        <Typography variant="body2" color="textSecondary">
          {errorMessage(versions.error)}
        </Typography>
      )}
      {versions.value && (
        <Table size="small" aria-label="Chart versions">
          <TableHead>
            <TableRow>
              <TableCell>Version</TableCell>
              <TableCell>App version</TableCell>
              <TableCell>Created</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {versions.value.versions.map(v => {
              const current = v.version === versions.value!.current;
              return (
                <TableRow key={v.version} selected={current}>
                  <TableCell>
                    {v.version}
                    {v.deprecated && ' (deprecated)'}
                  </TableCell>
                  <TableCell>{v.appVersion ?? '—'}</TableCell>
                  <TableCell>{v.created?.slice(0, 10) ?? '—'}</TableCell>
                  <TableCell align="right">
                    {current ? (
                      <Typography variant="caption">current</Typography>
                    ) : (
                      props.canUpdate && (
                        <Button
                          size="small"
                          color="primary"
                          disabled={moving !== undefined}
                          onClick={() => move(v.version)}
                          aria-label={`Move to version ${v.version}`}
                        >
                          Move to {v.version}
                        </Button>
                      )
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {error && (
        <Typography color="error" role="alert">
          Could not move to another version: {error}
        </Typography>
      )}
    </InfoCard>
  );
};
