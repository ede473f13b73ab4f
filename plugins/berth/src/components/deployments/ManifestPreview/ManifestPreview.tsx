import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  BerthEnvironment,
  ObjectChange,
  ServicePreview,
} from '@berth/plugin-berth-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useId, useState } from 'react';
import { berthApiRef } from '../../../api';
import { errorMessage } from '../../../lib/errors';
import { ManifestDiff } from '../ManifestDiff';

const changeColor: Record<ObjectChange, 'primary' | 'secondary' | 'default'> = {
  added: 'primary',
  removed: 'secondary',
  changed: 'primary',
  unchanged: 'default',
};

/** A preview's counts, e.g. "1 changed, 1 removed, 1 unchanged". */
export function previewSummary(preview: ServicePreview): string {
  const s = preview.summary;
  return (
    [
      s.added && `${s.added} added`,
      s.changed && `${s.changed} changed`,
      s.removed && `${s.removed} removed`,
      s.unchanged && `${s.unchanged} unchanged`,
    ]
      .filter(Boolean)
      .join(', ') || 'No objects'
  );
}

/** The result of a preview: objects with their change and diff, the merged values and manifests. */
export const PreviewResult = (props: { preview: ServicePreview }) => {
  const { preview } = props;
  const objects = [...preview.objects].sort(
    (a, b) =>
      Number(a.change === 'unchanged') - Number(b.change === 'unchanged'),
  );
  return (
    <Box>
      <Typography variant="subtitle1" role="status">
        Revision {preview.revision}: {previewSummary(preview)}
      </Typography>
      {preview.live === 'unavailable' && (
        <Typography color="error" paragraph>
          Not compared with the live objects: {preview.message}
        </Typography>
      )}
      {objects.map(o => {
        const label = `${o.kind} ${o.name}`;
        return (
          <Accordion
            key={`${o.apiVersion}/${o.kind}/${o.name}`}
            disabled={!o.diff}
          >
            <AccordionSummary
              expandIcon={o.diff ? <ExpandMoreIcon /> : undefined}
              aria-label={label}
            >
              <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                <Chip
                  size="small"
                  label={o.change}
                  color={changeColor[o.change]}
                />
                <Typography variant="body2">
                  {o.kind} <strong>{o.name}</strong>{' '}
                  <Typography
                    component="span"
                    variant="caption"
                    color="textSecondary"
                  >
                    {o.apiVersion}
                  </Typography>
                </Typography>
              </Box>
            </AccordionSummary>
            {o.diff && (
              <AccordionDetails>
                <Box width="100%">
                  <ManifestDiff patch={o.diff} label={label} />
                </Box>
              </AccordionDetails>
            )}
          </Accordion>
        );
      })}
      <Accordion>
        <AccordionSummary expandIcon={<ExpandMoreIcon />}>
          <Typography variant="body2">Merged values</Typography>
        </AccordionSummary>
        <AccordionDetails>
          <pre
            aria-label="Merged values"
            style={{ margin: 0, overflowX: 'auto' }}
          >
            {preview.values}
          </pre>
        </AccordionDetails>
      </Accordion>
      <Accordion>
        <AccordionSummary expandIcon={<ExpandMoreIcon />}>
          <Typography variant="body2">Rendered manifests</Typography>
        </AccordionSummary>
        <AccordionDetails>
          <pre
            aria-label="Rendered manifests"
            style={{ margin: 0, overflowX: 'auto' }}
          >
            {preview.manifest}
          </pre>
        </AccordionDetails>
      </Accordion>
    </Box>
  );
};

/**
 * Preview of a service in a chosen environment: the manifests `helm template`
 * renders with the environment's merged values, and per object the diff
 * against what is live there.
 */
export const ManifestPreview = (props: {
  service: string;
  environments: BerthEnvironment[];
  /** Revisions to offer instead of the one the environment pins, newest first. */
  revisions?: number[];
}) => {
  const berthApi = useApi(berthApiRef);
  const id = useId();
  const [environmentId, setEnvironmentId] = useState(
    props.environments[0]?.id ?? '',
  );
  const [revision, setRevision] = useState('');
  const [loading, setLoading] = useState(false);
  const [preview, setPreview] = useState<ServicePreview>();
  const [error, setError] = useState<string>();

  const run = async () => {
    setLoading(true);
    setError(undefined);
    setPreview(undefined);
    try {
      setPreview(
        await berthApi.previewService(
          environmentId,
          props.service,
          revision ? { revision: Number(revision) } : {},
        ),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <InfoCard title="Preview and diff">
      {props.environments.length === 0 ? (
        <Typography>
          The project has no environments to preview the service in.
        </Typography>
      ) : (
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <TextField
            id={`${id}-environment`}
            select
            label="Target environment"
            value={environmentId}
            onChange={e => {
              setEnvironmentId(e.target.value);
              setPreview(undefined);
            }}
            SelectProps={{ native: true }}
            margin="dense"
          >
            {props.environments.map(e => (
              <option key={e.id} value={e.id}>
                {e.name} ({e.cluster}/{e.namespace})
              </option>
            ))}
          </TextField>
          {props.revisions && props.revisions.length > 0 && (
            <TextField
              id={`${id}-revision`}
              select
              label="Revision"
              value={revision}
              onChange={e => {
                setRevision(e.target.value);
                setPreview(undefined);
              }}
              SelectProps={{ native: true }}
              margin="dense"
            >
              <option value="">as pinned in the environment</option>
              {props.revisions.map(r => (
                <option key={r} value={String(r)}>
                  {r}
                </option>
              ))}
            </TextField>
          )}
          <Button
            variant="outlined"
            color="primary"
            onClick={run}
            disabled={loading || !environmentId}
          >
            Preview
          </Button>
        </Box>
      )}
      {loading && <Progress />}
      {error && (
        <Typography color="error" role="alert">
          Could not preview: {error}
        </Typography>
      )}
      {preview && (
        <Box mt={2}>
          <PreviewResult preview={preview} />
        </Box>
      )}
    </InfoCard>
  );
};
