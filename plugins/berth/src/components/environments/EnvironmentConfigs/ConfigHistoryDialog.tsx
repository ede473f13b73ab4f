import { useApi } from '@backstage/core-plugin-api';
import { EnvironmentConfigChange } from '@berth/plugin-berth-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { structuredPatch } from 'diff';
import useAsync from 'react-use/esm/useAsync';
import { berthApiRef } from '../../../api';
import { formatTime } from '../../../lib/time';
import { UnifiedDiff } from '../../deployments/DeploymentHistoryDiff';
import { ViewDialog } from '../../common/ViewDialog';

function patch(before: string, after: string): string {
  return structuredPatch('before', 'after', before, after, '', '', {
    context: 3,
  })
    .hunks.map(h =>
      [
        `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`,
        ...h.lines,
      ].join('\n'),
    )
    .join('\n');
}

const actions: Record<EnvironmentConfigChange['action'], string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
};

/**
 * The recorded changes of one config, newest first: who, when, which keys,
 * what was restarted, and (but for Secrets, whose values Berth never keeps)
 * the diff against the version before.
 */
export const ConfigHistoryDialog = (props: {
  environmentId: string;
  kind: string;
  name: string;
  onClose: () => void;
}) => {
  const { environmentId, kind, name } = props;
  const berthApi = useApi(berthApiRef);
  const history = useAsync(
    () => berthApi.listEnvironmentConfigHistory(environmentId, { kind, name }),
    [berthApi, environmentId, kind, name],
  );
  const changes = history.value ?? [];
  return (
    <ViewDialog
      id="berth-config-history"
      title={`History of ${kind} ${name}`}
      onClose={props.onClose}
      size="md"
      loading={history.loading}
      error={history.error}
    >
      {history.value && changes.length === 0 && (
        <Typography variant="body2">No recorded changes.</Typography>
      )}
      {changes.map((change, i) => {
        const before = changes
          .slice(i + 1)
          .find(c => c.content !== undefined)?.content;
        return (
          <Accordion key={change.id} TransitionProps={{ unmountOnExit: true }}>
            <AccordionSummary expandIcon={<ExpandMoreIcon />}>
              <Box>
                <Typography variant="body2">
                  <strong>
                    Version {change.version}: {actions[change.action]}
                  </strong>{' '}
                  by {change.actor}, {formatTime(change.changedAt)}
                </Typography>
                {change.changedKeys && change.changedKeys.length > 0 && (
                  <Typography variant="caption" component="div">
                    Keys changed: {change.changedKeys.join(', ')}
                  </Typography>
                )}
                {change.restarted && change.restarted.length > 0 && (
                  <Typography variant="caption" component="div">
                    Restarted: {change.restarted.join(', ')}
                  </Typography>
                )}
              </Box>
            </AccordionSummary>
            <AccordionDetails>
              <Box width="100%">
                {change.content === undefined ? (
                  <Typography variant="body2" color="textSecondary">
                    {kind === 'Secret'
                      ? `Secret values are never recorded; keys: ${
                          (change.keys ?? []).join(', ') || 'none'
                        }.`
                      : 'No content recorded.'}
                  </Typography>
                ) : (
                  <UnifiedDiff
                    diff={patch(before ?? '', change.content)}
                    label={`version ${change.version}`}
                  />
                )}
              </Box>
            </AccordionDetails>
          </Accordion>
        );
      })}
    </ViewDialog>
  );
};
