import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import { berthApiRef } from '../../../api';
import { ActionError, DialogActionsRow } from '../../common/DialogActionsRow';
import { useBerthAction } from '../../../hooks/useBerthAction';

/** Sets the number of replicas of a service. */
export const ScaleServiceDialog = (props: {
  open: boolean;
  environmentId: string;
  service: string;
  replicas: number;
  onClose: () => void;
  onScaled: () => void;
}) => {
  const berthApi = useApi(berthApiRef);
  const alertApi = useApi(alertApiRef);
  const [replicas, setReplicas] = useState(String(props.replicas));
  const n = Number(replicas);
  const problem =
    replicas.trim() === '' || !Number.isInteger(n) || n < 0
      ? 'A whole number from 0'
      : undefined;

  const {
    run: scale,
    sending,
    error,
  } = useBerthAction(
    async () => {
      await berthApi.scaleService(props.environmentId, props.service, n);
      alertApi.post({
        message: `Scaling ${props.service} to ${n}`,
        severity: 'success',
        display: 'transient',
      });
      props.onScaled();
      props.onClose();
    },
    { closes: true },
  );

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby="berth-scale-service-title"
    >
      <DialogTitle id="berth-scale-service-title">
        Scale {props.service}
      </DialogTitle>
      <DialogContent>
        <TextField
          id="berth-scale-replicas"
          label="Replicas"
          type="number"
          value={replicas}
          onChange={e => setReplicas(e.target.value)}
          disabled={sending}
          error={Boolean(problem)}
          helperText={problem ?? `Now ${props.replicas}`}
          inputProps={{ min: 0 }}
        />
        <ActionError action="Could not scale" error={error} />
      </DialogContent>
      <DialogActionsRow
        onCancel={props.onClose}
        onConfirm={scale}
        confirmLabel="Scale"
        sending={sending}
        disabled={Boolean(problem)}
      />
    </Dialog>
  );
};
