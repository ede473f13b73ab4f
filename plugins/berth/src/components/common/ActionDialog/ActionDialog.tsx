import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode } from 'react';
import { ActionError, DialogActionsRow } from '../DialogActionsRow';

/** What `ActionDialog` needs of a `useBerthAction` result. */
export interface DialogAction {
  run: () => void | Promise<void>;
  sending: boolean;
  error?: string;
}

/**
 * The dialog of one action: a title, the content, what went wrong with the
 * action ("<failed>: <error>") and the Cancel and confirm buttons.
 */
export const ActionDialog = (props: {
  /** Names the title element, `<id>-title`, which labels the dialog. */
  id: string;
  open?: boolean;
  onClose: () => void;
  title: ReactNode;
  /** A wide dialog (forms, YAML) with dividers around its content. */
  size?: 'sm' | 'md';
  action: DialogAction;
  /** The start of the error line, e.g. "Could not delete". */
  failed: string;
  confirmLabel: ReactNode;
  /** The confirm button is disabled, e.g. while the form has a problem. */
  disabled?: boolean;
  /** `secondary` for destructive actions such as delete. */
  color?: 'primary' | 'secondary';
  children: ReactNode;
}) => {
  const { action } = props;
  const titleId = `${props.id}-title`;
  return (
    <Dialog
      open={props.open ?? true}
      onClose={props.onClose}
      maxWidth={props.size}
      fullWidth={Boolean(props.size)}
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent dividers={props.size === 'md'}>
        {props.children}
        <ActionError action={props.failed} error={action.error} />
      </DialogContent>
      <DialogActionsRow
        onCancel={props.onClose}
        onConfirm={() => action.run()}
        confirmLabel={props.confirmLabel}
        sending={action.sending}
        disabled={props.disabled}
        color={props.color}
      />
    </Dialog>
  );
};
