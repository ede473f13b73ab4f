import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { DeploymentRecord } from '@berth/plugin-berth-common';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import useAsync from 'react-use/esm/useAsync';
import { berthApiRef } from '../../../api';
import { useAnnounceOperation } from '../../../hooks/useAnnounceOperation';
import { errorMessage } from '../../../lib/errors';
import { describeRecord } from '../DeploymentHistoryDiff';
import { ActionError, DialogActionsRow } from '../../common/DialogActionsRow';
import { useBerthAction } from '../../../hooks/useBerthAction';

/**
 * Asks before rolling a service back to a deployment record. It first checks
 * that the record's images still exist in their registries (nothing changes
 * yet); the backend checks again and refuses with its reason when they do
 * not, which the dialog shows.
 */
export const RollbackDialog = (props: {
  environmentId: string;
  record: DeploymentRecord;
  onClose: () => void;
  onRolledBack: () => void;
}) => {
  const { environmentId, record } = props;
  const berthApi = useApi(berthApiRef);
  const announce = useAnnounceOperation();
  const check = useAsync(
    () => berthApi.checkRollback(environmentId, record.service, record.id),
    [berthApi, environmentId, record.service, record.id],
  );
  const missing = check.value?.images.filter(i => !i.exists) ?? [];

  const {
    run: rollback,
    sending,
    error,
  } = useBerthAction(
    async () => {
      const { operation } = await berthApi.rollbackService(
        environmentId,
        record.service,
        record.id,
      );
      props.onRolledBack();
      props.onClose();
      await announce(
        operation,
        `Rolling ${record.service} back to revision ${record.revision}`,
      );
    },
    { closes: true },
  );

  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="berth-rollback-title"
    >
      <DialogTitle id="berth-rollback-title">
        Roll {record.service} back?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          Berth restores the settings of {describeRecord(record)} (revision,
          values, images) and deploys {record.service} with them.
        </DialogContentText>
        {check.loading && <Progress />}
        {check.error && (
          <Typography variant="body2" color="error">
            Could not check the images: {errorMessage(check.error)}
          </Typography>
        )}
        {check.value && check.value.images.length > 0 && (
          <List dense aria-label="Images">
            {check.value.images.map(image => (
              <ListItem key={image.image}>
                <ListItemIcon>
                  {image.exists ? (
                    <CheckCircleIcon color="primary" titleAccess="exists" />
                  ) : (
                    <ErrorIcon color="error" titleAccess="missing" />
                  )}
                </ListItemIcon>
                <ListItemText
                  primary={image.image}
                  secondary={
                    image.exists
                      ? 'In its registry'
                      : image.message ?? 'No longer in its registry'
                  }
                />
              </ListItem>
            ))}
          </List>
        )}
        {missing.length > 0 && (
          <Typography variant="body2" color="error" paragraph>
            {missing.length === 1
              ? 'An image of this deployment is gone'
              : `${missing.length} images of this deployment are gone`}
            : Berth refuses to roll back to it.
          </Typography>
        )}
        <ActionError action="Could not roll back" error={error} />
      </DialogContent>
      <DialogActionsRow
        onCancel={props.onClose}
        onConfirm={rollback}
        confirmLabel="Roll back"
        sending={sending}
        disabled={check.loading}
      />
    </Dialog>
  );
};
