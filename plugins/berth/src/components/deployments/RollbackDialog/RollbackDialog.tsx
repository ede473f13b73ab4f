import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { DeploymentRecord, ImageCheck } from '@berth/plugin-berth-common';
import DialogContentText from '@material-ui/core/DialogContentText';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import WarningIcon from '@material-ui/icons/Warning';
import useAsync from 'react-use/esm/useAsync';
import { berthApiRef } from '../../../api';
import { useAnnounceOperation } from '../../../hooks/useAnnounceOperation';
import { errorMessage } from '../../../lib/errors';
import { describeRecord } from '../DeploymentHistoryDiff';
import { ActionDialog } from '../../common/ActionDialog';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { berthTranslationRef } from '../../../translation';

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
  const { t } = useTranslationRef(berthTranslationRef);
  const secondaryText = (image: ImageCheck) => {
    if (image.exists) return t('rollback.inRegistry');
    const why = image.message ?? t('rollback.notInRegistry');
    return image.unverified ? `${t('rollback.unverified')}: ${why}` : why;
  };
  const check = useAsync(
    () => berthApi.checkRollback(environmentId, record.service, record.id),
    [berthApi, environmentId, record.service, record.id],
  );
  const missing =
    check.value?.images.filter(i => !i.exists && !i.unverified) ?? [];

  const rollback = useBerthAction(
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
        t('rollback.rollingBack', {
          service: record.service,
          revision: String(record.revision),
        }),
      );
    },
    { closes: true },
  );

  return (
    <ActionDialog
      id="berth-rollback"
      onClose={props.onClose}
      size="sm"
      title={t('rollback.title', { service: record.service })}
      action={rollback}
      failed={t('rollback.failed')}
      confirmLabel={t('rollback.confirm')}
      disabled={check.loading}
    >
      <DialogContentText>
        {t('rollback.explanation', {
          record: describeRecord(record, t),
          service: record.service,
        })}
      </DialogContentText>
      {check.loading && <Progress />}
      {check.error && (
        <Typography variant="body2" color="error">
          {t('rollback.checkFailed', { error: errorMessage(check.error) })}
        </Typography>
      )}
      {check.value && check.value.images.length > 0 && (
        <List dense aria-label={t('rollback.images')}>
          {check.value.images.map(image => (
            <ListItem key={image.image}>
              <ListItemIcon>
                {image.exists && (
                  <CheckCircleIcon color="primary" titleAccess="exists" />
                )}
                {!image.exists && image.unverified && (
                  <WarningIcon titleAccess="unverified" />
                )}
                {!image.exists && !image.unverified && (
                  <ErrorIcon color="error" titleAccess="missing" />
                )}
              </ListItemIcon>
              <ListItemText
                primary={image.image}
                secondary={secondaryText(image)}
              />
            </ListItem>
          ))}
        </List>
      )}
      {missing.length > 0 && (
        <Typography variant="body2" color="error" paragraph>
          {missing.length === 1
            ? t('rollback.oneImageGone')
            : t('rollback.imagesGone', { n: String(missing.length) })}
          {t('rollback.refuses')}
        </Typography>
      )}
    </ActionDialog>
  );
};
