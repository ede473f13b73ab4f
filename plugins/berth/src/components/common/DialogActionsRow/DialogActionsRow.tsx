import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DialogActions from '@material-ui/core/DialogActions';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { berthTranslationRef } from '../../../translation';

/**
 * What went wrong with a dialog's action, e.g. "Could not delete: …", as an
 * alert; nothing while there is no error.
 */
export const ActionError = (props: { action: string; error?: string }) =>
  props.error ? (
    <Box mt={2} role="alert">
      <Typography color="error">
        {props.action}: {props.error}
      </Typography>
    </Box>
  ) : null;

/**
 * A dialog's Cancel and confirm buttons; both disabled while the action is
 * being sent, the confirm button also while `disabled`.
 */
export const DialogActionsRow = (props: {
  onCancel: () => void;
  onConfirm: () => void;
  confirmLabel: ReactNode;
  sending: boolean;
  disabled?: boolean;
  /** `secondary` for destructive actions such as delete. */
  color?: 'primary' | 'secondary';
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <DialogActions>
      <Button onClick={props.onCancel} disabled={props.sending}>
        {t('dialog.cancel')}
      </Button>
      <Button
        color={props.color ?? 'primary'}
        variant="contained"
        onClick={props.onConfirm}
        disabled={props.sending || Boolean(props.disabled)}
      >
        {props.confirmLabel}
      </Button>
    </DialogActions>
  );
};
