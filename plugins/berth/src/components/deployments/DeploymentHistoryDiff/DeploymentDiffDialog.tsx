import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { DeploymentRecord } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useBerthQuery } from '../../../hooks/useBerthQuery';
import { formatTime } from '../../../lib/time';
import { ObjectDiffList } from './ObjectDiffList';
import { UnifiedDiff } from './UnifiedDiff';
import { ViewDialog } from '../../common/ViewDialog';
import {
  BerthTranslate,
  berthTranslationRef,
  englishBerthT,
} from '../../../translation';

/** A deployment record in a line: revision, images, when. */
export function describeRecord(
  record: DeploymentRecord,
  t: BerthTranslate = englishBerthT,
): string {
  const values = {
    revision: String(record.revision),
    images: record.images.join(', '),
    time: formatTime(record.startedAt),
  };
  return record.images.length
    ? t('deploymentDiff.recordWithImages', values)
    : t('deploymentDiff.record', values);
}

const Section = (props: { title: string; children: React.ReactNode }) => (
  <Box mt={2}>
    <Typography variant="h6" component="h3" gutterBottom>
      {props.title}
    </Typography>
    {props.children}
  </Box>
);

/**
 * Two deployment records of a service compared, older → newer: settings,
 * merged values and the rendered manifests object by object.
 */
export const DeploymentDiffDialog = (props: {
  environmentId: string;
  service: string;
  from: DeploymentRecord;
  to: DeploymentRecord;
  onClose: () => void;
}) => {
  const { environmentId, service, from, to } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const diff = useBerthQuery(
    api => api.diffDeployments(environmentId, service, from.id, to.id),
    [environmentId, service, from.id, to.id],
  );
  const summary = diff.value?.summary;
  return (
    <ViewDialog
      title={t('deploymentDiff.title', { service })}
      onClose={props.onClose}
      result={diff}
    >
      <Typography variant="body2">
        {t('deploymentDiff.from', { record: describeRecord(from, t) })}
      </Typography>
      <Typography variant="body2">
        {t('deploymentDiff.to', { record: describeRecord(to, t) })}
      </Typography>
      {diff.value && (
        <>
          {diff.value.message && (
            <Box mt={1}>
              <Typography variant="body2" color="textSecondary">
                {diff.value.message}
              </Typography>
            </Box>
          )}
          {(['settings', 'values'] as const).map(part => (
            <Section key={part} title={t(`deploymentDiff.${part}.title`)}>
              <UnifiedDiff
                diff={diff.value![part]}
                label={t(`deploymentDiff.${part}.label`)}
              />
            </Section>
          ))}
          <Section title={t('deploymentDiff.manifests')}>
            {summary && (
              <Typography variant="body2" paragraph>
                {t('deploymentDiff.summary', {
                  changed: String(summary.changed),
                  added: String(summary.added),
                  removed: String(summary.removed),
                  unchanged: String(summary.unchanged),
                })}
              </Typography>
            )}
            <ObjectDiffList
              objects={diff.value.objects}
              empty={t('deploymentDiff.noManifests')}
            />
          </Section>
        </>
      )}
    </ViewDialog>
  );
};
