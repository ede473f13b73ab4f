import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode, useId } from 'react';
import { berthTranslationRef } from '../../../translation';
import { AsyncResult } from '../AsyncResult';

/**
 * A wide dialog that shows something read from the API (logs, a diff, a
 * history): a progress bar while it loads, the error when it failed, the
 * content, and a Close button after the dialog's own `actions` (e.g. a
 * `RefreshButton`). Given the `result` of reading it, the dialog shows its
 * progress and error.
 */
export const ViewDialog = (props: {
  /** Names the title element, `<id>-title`, which labels the dialog. */
  id?: string;
  title: ReactNode;
  onClose: () => void;
  /** What was read for the dialog; in place of `loading` and `error`. */
  result?: AsyncResult;
  loading?: boolean;
  error?: Error;
  /** `lg` without it. */
  size?: 'md' | 'lg';
  /** Buttons before Close, e.g. Refresh. */
  actions?: ReactNode;
  children?: ReactNode;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const generatedId = useId();
  const titleId = `${props.id ?? generatedId}-title`;
  const loading = props.result?.loading ?? props.loading;
  const error = props.result?.error ?? props.error;
  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth={props.size ?? 'lg'}
      fullWidth
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent dividers>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {props.children}
      </DialogContent>
      <DialogActions>
        {props.actions}
        <Button onClick={props.onClose}>{t('dialog.close')}</Button>
      </DialogActions>
    </Dialog>
  );
};
