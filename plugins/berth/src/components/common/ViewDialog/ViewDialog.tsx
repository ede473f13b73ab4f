import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode } from 'react';
import { berthTranslationRef } from '../../../translation';

/**
 * A wide dialog that shows something read from the API (logs, a diff, a
 * history): a progress bar while it loads, the error when it failed, the
 * content, and a Close button after the dialog's own `actions`.
 */
export const ViewDialog = (props: {
  /** Names the title element, `<id>-title`, which labels the dialog. */
  id: string;
  title: ReactNode;
  onClose: () => void;
  size: 'md' | 'lg';
  loading?: boolean;
  error?: Error;
  /** Buttons before Close, e.g. Refresh. */
  actions?: ReactNode;
  children?: ReactNode;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const titleId = `${props.id}-title`;
  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth={props.size}
      fullWidth
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent dividers>
        {props.loading && <Progress />}
        {props.error && <ResponseErrorPanel error={props.error} />}
        {props.children}
      </DialogContent>
      <DialogActions>
        {props.actions}
        <Button onClick={props.onClose}>{t('dialog.close')}</Button>
      </DialogActions>
    </Dialog>
  );
};
