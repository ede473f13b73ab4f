import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Progress } from '@backstage/core-components';
import { PodSummary } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import { SelectInput } from '../../common/FormFields';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useBerthQuery } from '../../../hooks/useBerthQuery';
import { errorMessage } from '../../../lib/errors';
import { RefreshButton } from '../../common/RefreshButton';
import { ViewDialog } from '../../common/ViewDialog';
import { berthTranslationRef } from '../../../translation';

const TAIL_LINES = 500;

/** The last lines of a pod's logs, per container; why when there are none. */
export const PodLogsDialog = (props: {
  environmentId: string;
  pod: PodSummary;
  onClose: () => void;
}) => {
  const { environmentId, pod } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const [container, setContainer] = useState(pod.containers[0] ?? '');
  const logs = useBerthQuery(
    api =>
      api.getPodLogs(environmentId, pod.name, {
        container: container || undefined,
        tailLines: TAIL_LINES,
      }),
    [environmentId, pod.name, container],
  );

  return (
    <ViewDialog
      title={t('pods.logsOf', { pod: pod.name })}
      onClose={props.onClose}
      actions={<RefreshButton result={logs} label={t('pods.refresh')} />}
    >
      {pod.containers.length > 1 && (
        <SelectInput
          id="berth-pod-logs-container"
          label={t('pods.container')}
          value={container}
          onChange={setContainer}
          minWidth={0}
          options={pod.containers.map(c => ({ value: c, label: c }))}
        />
      )}
      {logs.loading && <Progress />}
      {logs.error && (
        <Box role="alert" my={1}>
          <Typography color="error">
            {t('pods.logsFailed', { error: errorMessage(logs.error) })}
          </Typography>
        </Box>
      )}
      {!logs.loading && logs.value !== undefined && (
        <Box
          component="pre"
          data-testid="pod-logs"
          style={{
            fontFamily: 'monospace',
            fontSize: 12,
            whiteSpace: 'pre-wrap',
            maxHeight: '60vh',
            overflow: 'auto',
            margin: 0,
          }}
        >
          {logs.value || t('pods.noOutput')}
        </Box>
      )}
      <Typography variant="caption" color="textSecondary">
        {t('pods.tail', { n: String(TAIL_LINES) })}
      </Typography>
    </ViewDialog>
  );
};
