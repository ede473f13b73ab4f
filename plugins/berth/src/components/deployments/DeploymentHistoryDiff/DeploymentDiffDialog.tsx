import { useApi } from '@backstage/core-plugin-api';
import { DeploymentRecord } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { berthApiRef } from '../../../api';
import { formatTime } from '../../../lib/time';
import { ObjectDiffList } from './ObjectDiffList';
import { UnifiedDiff } from './UnifiedDiff';
import { ViewDialog } from '../../common/ViewDialog';

/** A deployment record in a line: revision, images, when. */
export function describeRecord(record: DeploymentRecord): string {
  const images = record.images.length ? ` (${record.images.join(', ')})` : '';
  return `revision ${record.revision}${images}, ${formatTime(
    record.startedAt,
  )}`;
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
  const berthApi = useApi(berthApiRef);
  const diff = useAsync(
    () => berthApi.diffDeployments(environmentId, service, from.id, to.id),
    [berthApi, environmentId, service, from.id, to.id],
  );
  const summary = diff.value?.summary;
  return (
    <ViewDialog
      id="berth-deployment-diff"
      title={`Changes of ${service}`}
      onClose={props.onClose}
      size="lg"
      loading={diff.loading}
      error={diff.error}
    >
      <Typography variant="body2">From {describeRecord(from)}</Typography>
      <Typography variant="body2">To {describeRecord(to)}</Typography>
      {diff.value && (
        <>
          {diff.value.message && (
            <Box mt={1}>
              <Typography variant="body2" color="textSecondary">
                {diff.value.message}
              </Typography>
            </Box>
          )}
          <Section title="Settings">
            <UnifiedDiff diff={diff.value.settings} label="settings" />
          </Section>
          <Section title="Values">
            <UnifiedDiff diff={diff.value.values} label="values" />
          </Section>
          <Section title="Rendered manifests">
            {summary && (
              <Typography variant="body2" paragraph>
                {summary.changed} changed, {summary.added} added,{' '}
                {summary.removed} removed, {summary.unchanged} unchanged
              </Typography>
            )}
            <ObjectDiffList
              objects={diff.value.objects}
              empty="No rendered manifests recorded."
            />
          </Section>
        </>
      )}
    </ViewDialog>
  );
};
