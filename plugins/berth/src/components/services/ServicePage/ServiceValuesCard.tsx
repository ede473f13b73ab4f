import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ChartInfo,
  ProjectRef,
  ServiceRevision,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import SyncIcon from '@material-ui/icons/Sync';
import { useEffect, useState } from 'react';
import { berthApiRef } from '../../../api';
import { ValuesEditor, valuesProblems } from '../../values/ValuesEditor';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { useSuccessAlert } from '../../../hooks/useSuccessAlert';

/**
 * The values of a Helm service's latest revision: edited as YAML or through
 * the chart's schema form, saved as a new revision; for values tracked from
 * Git, where they come from and "Sync now".
 */
export const ServiceValuesCard = (props: {
  project: ProjectRef;
  latest: ServiceRevision;
  chart?: ChartInfo;
  canUpdate: boolean;
  onChanged: () => void;
}) => {
  const { latest, chart } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const notifySuccess = useSuccessAlert();
  const spec = latest.spec.kind === 'helm' ? latest.spec : undefined;
  const [values, setValues] = useState(spec?.values ?? '');
  const {
    run: act,
    sending: busy,
    error,
  } = useBerthAction(async (work: () => Promise<string>) => {
    const message = await work();
    notifySuccess(message);
    props.onChanged();
  });
  useEffect(() => setValues(spec?.values ?? ''), [spec?.values]);

  if (!spec) {
    return (
      <InfoCard title={t('serviceValues.title')}>
        <Typography>{t('serviceValues.manifests')}</Typography>
      </InfoCard>
    );
  }
  const problems = valuesProblems(values, {
    schema: chart?.schema,
    defaults: chart?.values,
  });
  const changed = values !== spec.values;

  const save = () =>
    act(async () => {
      const revision = await berthApi.addServiceRevision(
        props.project,
        latest.service,
        { ...spec, values },
      );
      return t('serviceValues.saved', {
        service: latest.service,
        revision: String(revision.revision),
      });
    });

  const sync = () =>
    act(async () => {
      const result = await berthApi.syncServiceValues(
        props.project,
        latest.service,
      );
      const revision = { revision: String(result.revision) };
      return result.changed
        ? t('serviceValues.fileChanged', revision)
        : t('serviceValues.fileUnchanged', revision);
    });

  return (
    <InfoCard
      title={t('serviceValues.titleOf', { revision: String(latest.revision) })}
    >
      {spec.valuesFrom && (
        <Box mb={2} aria-label={t('serviceValues.fromGit')}>
          <Typography variant="body2">
            {t(
              spec.valuesFrom.track
                ? 'serviceValues.tracked'
                : 'serviceValues.readOnce',
              {
                url: (
                  <Link to={spec.valuesFrom.url}>{spec.valuesFrom.url}</Link>
                ),
              },
            )}
          </Typography>
          {props.canUpdate && (
            <Button
              size="small"
              variant="outlined"
              startIcon={<SyncIcon />}
              onClick={sync}
              disabled={busy}
              style={{ marginTop: 8 }}
            >
              {t('serviceValues.sync')}
            </Button>
          )}
        </Box>
      )}
      <ValuesEditor
        label={t('serviceValues.label')}
        value={values}
        onChange={setValues}
        schema={chart?.schema}
        defaults={chart?.values}
        disabled={!props.canUpdate || busy}
      />
      {error && (
        <Typography color="error" role="alert">
          {error}
        </Typography>
      )}
      {props.canUpdate && (
        <Box mt={1} display="flex" style={{ gap: 8 }}>
          <Button
            color="primary"
            variant="contained"
            onClick={save}
            disabled={busy || !changed || problems.length > 0}
          >
            {t('serviceValues.save')}
          </Button>
          <Button
            onClick={() => setValues(spec.values)}
            disabled={busy || !changed}
          >
            {t('serviceValues.discard')}
          </Button>
        </Box>
      )}
    </InfoCard>
  );
};
