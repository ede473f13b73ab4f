import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  BerthSandbox,
  isTerminalOperationStatus,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useEffect, useRef, useState } from 'react';
import { useOperation } from '../../../hooks/useOperation';
import { berthTranslationRef } from '../../../translation';
import { OperationDetailsDialog } from '../../operations/ActivityPanel/OperationDetailsDialog';
import { OperationStatusChip } from '../../operations/ActivityPanel/StatusChips';

/**
 * The sandbox's last operation (create, fork change, delete) with its live
 * status and its details; when a running one ends, `onEnded` reads the
 * sandbox again (a fork change keeps the sandbox's status while it runs).
 */
export const SandboxOperationLine = (props: {
  sandbox: BerthSandbox;
  onEnded: () => void;
}) => {
  const { sandbox, onEnded } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const operation = useOperation(
    sandbox.baseEnvironmentId,
    sandbox.operationId,
  ).value;
  const [details, setDetails] = useState(false);
  const status = operation?.status;
  const wasActive = useRef(false);
  useEffect(() => {
    if (!status) return;
    if (!isTerminalOperationStatus(status)) {
      wasActive.current = true;
    } else if (wasActive.current) {
      wasActive.current = false;
      onEnded();
    }
  }, [status, onEnded]);
  if (!operation || operation.id !== sandbox.operationId) return null;
  return (
    <Box display="flex" alignItems="center" mt={1} style={{ gap: 8 }}>
      <Typography variant="body2">
        {t('sandboxes.operation.last', { title: operation.title })}
      </Typography>
      <OperationStatusChip status={operation.status} />
      <Button size="small" onClick={() => setDetails(true)}>
        {t('sandboxes.operation.details')}
      </Button>
      {details && (
        <OperationDetailsDialog
          environmentId={sandbox.baseEnvironmentId}
          operationId={operation.id}
          onClose={() => setDetails(false)}
        />
      )}
    </Box>
  );
};
