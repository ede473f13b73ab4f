import { InfoCard, Link } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
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
  const berthApi = useApi(berthApiRef);
  const alertApi = useApi(alertApiRef);
  const spec = latest.spec.kind === 'helm' ? latest.spec : undefined;
  const [values, setValues] = useState(spec?.values ?? '');
  const {
    run: act,
    sending: busy,
    error,
  } = useBerthAction(async (work: () => Promise<string>) => {
    const message = await work();
    alertApi.post({ message, severity: 'success', display: 'transient' });
    props.onChanged();
  });
  useEffect(() => setValues(spec?.values ?? ''), [spec?.values]);

  if (!spec) {
    return (
      <InfoCard title="Values">
        <Typography>Manifests services have variables, not values.</Typography>
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
      return `Saved the values of ${latest.service} as revision ${revision.revision}`;
    });

  const sync = () =>
    act(async () => {
      const result = await berthApi.syncServiceValues(
        props.project,
        latest.service,
      );
      return result.changed
        ? `The values file changed: revision ${result.revision}`
        : `The values file has not changed (revision ${result.revision})`;
    });

  return (
    <InfoCard title={`Values (revision ${latest.revision})`}>
      {spec.valuesFrom && (
        <Box mb={2} aria-label="Values from Git">
          <Typography variant="body2">
            Values from{' '}
            <Link to={spec.valuesFrom.url}>{spec.valuesFrom.url}</Link>
            {spec.valuesFrom.track
              ? ' · tracked: re-read on a schedule, a new revision when it changes'
              : ' · read once at import, not tracked'}
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
              Sync now
            </Button>
          )}
        </Box>
      )}
      <ValuesEditor
        label="Service values"
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
            Save as a new revision
          </Button>
          <Button
            onClick={() => setValues(spec.values)}
            disabled={busy || !changed}
          >
            Discard changes
          </Button>
        </Box>
      )}
    </InfoCard>
  );
};
