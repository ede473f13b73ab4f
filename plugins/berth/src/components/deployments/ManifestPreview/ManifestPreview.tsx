import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
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
import { SelectInput } from '../../common/FormFields';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useId, useState } from 'react';
import { berthApiRef } from '../../../api';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { ManifestDiff } from '../ManifestDiff';
import {
  BerthTranslate,
  berthTranslationRef,
  englishBerthT,
} from '../../../translation';

const changeColor: Record<ObjectChange, 'primary' | 'secondary' | 'default'> = {
  added: 'primary',
  removed: 'secondary',
  changed: 'primary',
  unchanged: 'default',
};

/** A preview's counts, e.g. "1 changed, 1 removed, 1 unchanged". */
export function previewSummary(
  preview: ServicePreview,
  t: BerthTranslate = englishBerthT,
): string {
  const changes = ['added', 'changed', 'removed', 'unchanged'] as const;
  return (
    changes
      .filter(change => preview.summary[change])
      .map(change =>
        t(`manifestPreview.counts.${change}`, {
          n: String(preview.summary[change]),
        }),
      )
      .join(', ') || t('manifestPreview.noObjects')
  );
}

/** The result of a preview: objects with their change and diff, the merged values and manifests. */
export const PreviewResult = (props: { preview: ServicePreview }) => {
  const { preview } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const objects = [...preview.objects].sort(
    (a, b) =>
      Number(a.change === 'unchanged') - Number(b.change === 'unchanged'),
  );
  return (
    <Box>
      <Typography variant="subtitle1" role="status">
        {t('manifestPreview.summary', {
          revision: String(preview.revision),
          summary: previewSummary(preview, t),
        })}
      </Typography>
      {preview.live === 'unavailable' && (
        <Typography color="error" paragraph>
          {t('manifestPreview.notCompared', {
            message: preview.message ?? '',
          })}
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
                  label={t(`diff.changes.${o.change}`)}
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
      {(
        [
          [t('manifestPreview.values'), preview.values],
          [t('manifestPreview.manifests'), preview.manifest],
        ] as const
      ).map(([title, text]) => (
        <Accordion key={title}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2">{title}</Typography>
          </AccordionSummary>
          <AccordionDetails>
            <pre aria-label={title} style={{ margin: 0, overflowX: 'auto' }}>
              {text}
            </pre>
          </AccordionDetails>
        </Accordion>
      ))}
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
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const id = useId();
  const [target, setTarget] = useState({
    environmentId: props.environments[0]?.id ?? '',
    /** Empty for the revision the environment pins. */
    revision: '',
  });
  const { environmentId, revision } = target;
  const [preview, setPreview] = useState<ServicePreview>();
  /** Another environment or revision: the preview shown is not of it. */
  const choose = (change: Partial<typeof target>) => {
    setTarget({ ...target, ...change });
    setPreview(undefined);
  };
  const {
    run: runPreview,
    sending: loading,
    error,
  } = useBerthAction(async () =>
    setPreview(
      await berthApi.previewService(
        environmentId,
        props.service,
        revision ? { revision: Number(revision) } : {},
      ),
    ),
  );
  const run = () => {
    setPreview(undefined);
    runPreview();
  };

  return (
    <InfoCard title={t('manifestPreview.title')}>
      {props.environments.length === 0 ? (
        <Typography>{t('manifestPreview.noEnvironments')}</Typography>
      ) : (
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <SelectInput
            id={`${id}-environment`}
            label={t('manifestPreview.environment')}
            value={environmentId}
            onChange={value => choose({ environmentId: value })}
            minWidth={0}
            options={props.environments.map(e => ({
              value: e.id,
              label: `${e.name} (${e.cluster}/${e.namespace})`,
            }))}
          />
          {props.revisions && props.revisions.length > 0 && (
            <SelectInput
              id={`${id}-revision`}
              label={t('manifestPreview.revision')}
              value={revision}
              onChange={value => choose({ revision: value })}
              minWidth={0}
              placeholder={t('manifestPreview.asPinned')}
              options={props.revisions.map(r => ({
                value: String(r),
                label: String(r),
              }))}
            />
          )}
          <Button
            variant="outlined"
            color="primary"
            onClick={run}
            disabled={loading || !environmentId}
          >
            {t('manifestPreview.preview')}
          </Button>
        </Box>
      )}
      {loading && <Progress />}
      {error && (
        <Typography color="error" role="alert">
          {t('manifestPreview.failed', { error })}
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
