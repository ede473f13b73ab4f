import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { DeploymentRecord } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { berthApiRef } from '../../../api';
import { formatTime } from '../../../lib/time';
import { ObjectDiffList } from './ObjectDiffList';
import { UnifiedDiff } from './UnifiedDiff';

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
    <Dialog
      open
      onClose={props.onClose}
      maxWidth="lg"
      fullWidth
      aria-labelledby="berth-deployment-diff-title"
    >
      <DialogTitle id="berth-deployment-diff-title">
        Changes of {service}
      </DialogTitle>
      <DialogContent dividers>
        <Typography variant="body2">From {describeRecord(from)}</Typography>
        <Typography variant="body2">To {describeRecord(to)}</Typography>
        {diff.loading && <Progress />}
        {diff.error && <ResponseErrorPanel error={diff.error} />}
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
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
};
