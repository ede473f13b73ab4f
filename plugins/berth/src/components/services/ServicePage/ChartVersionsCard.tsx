import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ProjectRef } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { berthApiRef } from '../../../api';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { errorMessage } from '../../../lib/errors';
import { useChartVersions } from '../../../hooks/useChartVersions';
import { useSuccessAlert } from '../../../hooks/useSuccessAlert';
import { Note } from '../../common/Note';

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
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const notifySuccess = useSuccessAlert();
  const versions = useChartVersions(props.project, props.service);
  const move = useBerthAction(async (version: string) => {
    const revision = await berthApi.upgradeServiceChart(
      props.project,
      props.service,
      version,
    );
    notifySuccess(
      t('chartVersions.moved', {
        service: props.service,
        version,
        revision: String(revision.revision),
      }),
    );
    props.onChanged();
  });

  return (
    <InfoCard title={t('chartVersions.title')}>
      {versions.loading && <Progress />}
      {versions.error && <Note>{errorMessage(versions.error)}</Note>}
      {versions.value && (
        <Table size="small" aria-label={t('chartVersions.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('chartVersions.version')}</TableCell>
              <TableCell>{t('chartVersions.appVersion')}</TableCell>
              <TableCell>{t('chartVersions.created')}</TableCell>
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
                    {v.deprecated && t('chartVersions.deprecated')}
                  </TableCell>
                  <TableCell>{v.appVersion ?? '—'}</TableCell>
                  <TableCell>{v.created?.slice(0, 10) ?? '—'}</TableCell>
                  <TableCell align="right">
                    {current ? (
                      <Typography variant="caption">
                        {t('chartVersions.current')}
                      </Typography>
                    ) : (
                      props.canUpdate && (
                        <Button
                          size="small"
                          color="primary"
                          disabled={move.sending}
                          onClick={() => move.run(v.version)}
                          aria-label={t('chartVersions.moveToVersion', {
                            version: v.version,
                          })}
                        >
                          {t('chartVersions.moveTo', { version: v.version })}
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
      {move.error && (
        <Typography color="error" role="alert">
          {t('chartVersions.moveFailed', { error: move.error })}
        </Typography>
      )}
    </InfoCard>
  );
};
