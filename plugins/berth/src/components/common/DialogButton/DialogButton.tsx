import Button from '@material-ui/core/Button';
import { ReactNode, useState } from 'react';

/**
 * A small button that opens a dialog. The dialog is rendered only while it
 * is open, and gets `close` to close itself (e.g. as its `onClose`).
 */
export const DialogButton = (props: {
  label: ReactNode;
  color?: 'primary' | 'secondary' | 'default';
  dialog: (close: () => void) => ReactNode;
}) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="small"
        color={props.color ?? 'default'}
        onClick={() => setOpen(true)}
      >
        {props.label}
      </Button>
      {open && props.dialog(() => setOpen(false))}
    </>
  );
};
