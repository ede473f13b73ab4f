import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { berthApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';

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
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const n = Number(replicas);
  const problem =
    replicas.trim() === '' || !Number.isInteger(n) || n < 0
      ? 'A whole number from 0'
      : undefined;

  const scale = async () => {
    setSending(true);
    setError(undefined);
    try {
      await berthApi.scaleService(props.environmentId, props.service, n);
      alertApi.post({
        message: `Scaling ${props.service} to ${n}`,
        severity: 'success',
        display: 'transient',
      });
      props.onScaled();
      props.onClose();
    } catch (e) {
      setError(errorMessage(e));
      setSending(false);
    }
  };

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
        {error && (
          <Box mt={2} role="alert">
            <Typography color="error">Could not scale: {error}</Typography>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={sending}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={scale}
          disabled={sending || Boolean(problem)}
        >
          Scale
        </Button>
      </DialogActions>
    </Dialog>
  );
};
