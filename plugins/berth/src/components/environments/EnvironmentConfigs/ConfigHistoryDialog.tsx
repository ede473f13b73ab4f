import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { structuredPatch } from 'diff';
import { useBerthQuery } from '../../../hooks/useBerthQuery';
import { formatTime } from '../../../lib/time';
import { UnifiedDiff } from '../../deployments/DeploymentHistoryDiff';
import { ViewDialog } from '../../common/ViewDialog';
import { berthTranslationRef } from '../../../translation';

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

/**
 * The recorded changes of one config, newest first: who, when, which keys,
 * what was restarted, and (but for Secrets, whose values Berth never keeps)
 * the diff against the version before.
 */
export const ConfigHistoryDialog = (props: {
  environmentId: string;
  /** The config whose changes are shown. */
  config: { kind: string; name: string };
  onClose: () => void;
}) => {
  const { environmentId } = props;
  const { kind, name } = props.config;
  const { t } = useTranslationRef(berthTranslationRef);
  const history = useBerthQuery(
    api => api.listEnvironmentConfigHistory(environmentId, { kind, name }),
    [environmentId, kind, name],
  );
  const changes = history.value ?? [];
  return (
    <ViewDialog
      title={t('configs.historyLabel', { kind, name })}
      onClose={props.onClose}
      size="md"
      result={history}
    >
      {history.value && changes.length === 0 && (
        <Typography variant="body2">{t('configHistory.none')}</Typography>
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
                  {t('configHistory.change', {
                    title: (
                      <strong>
                        {t('configHistory.version', {
                          version: String(change.version),
                          action: t(`configHistory.actions.${change.action}`),
                        })}
                      </strong>
                    ),
                    actor: change.actor,
                    time: formatTime(change.changedAt),
                  })}
                </Typography>
                {change.changedKeys && change.changedKeys.length > 0 && (
                  <Typography variant="caption" component="div">
                    {t('configHistory.keysChanged', {
                      keys: change.changedKeys.join(', '),
                    })}
                  </Typography>
                )}
                {change.restarted && change.restarted.length > 0 && (
                  <Typography variant="caption" component="div">
                    {t('configHistory.restarted', {
                      services: change.restarted.join(', '),
                    })}
                  </Typography>
                )}
              </Box>
            </AccordionSummary>
            <AccordionDetails>
              <Box width="100%">
                {change.content === undefined ? (
                  <Typography variant="body2" color="textSecondary">
                    {kind === 'Secret'
                      ? t('configHistory.secret', {
                          keys:
                            (change.keys ?? []).join(', ') ||
                            t('configHistory.noKeys'),
                        })
                      : t('configHistory.noContent')}
                  </Typography>
                ) : (
                  <UnifiedDiff
                    diff={patch(before ?? '', change.content)}
                    label={t('configHistory.diffLabel', {
                      version: String(change.version),
                    })}
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
