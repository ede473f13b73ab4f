import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthSandbox } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import UpdateIcon from '@material-ui/icons/Update';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAnnounceOperation } from '../../../hooks/useAnnounceOperation';
import { useSandboxPermissions } from '../../../hooks/useSandboxPermissions';
import { useSuccessAlert } from '../../../hooks/useSuccessAlert';
import { formatTime } from '../../../lib/time';
import { berthTranslationRef } from '../../../translation';
import { useSandboxLinks } from '../common/links';
import { DeleteSandboxDialog } from './DeleteSandboxDialog';
import { EditForksDialog } from './EditForksDialog';
import { ExtendSandboxDialog } from './ExtendSandboxDialog';

/**
 * Extend, Edit forks and Delete, each for users the permission framework
 * allows it (disabled while the sandbox is being deleted); a deleted
 * sandbox's page gives way to its base's Sandboxes tab.
 */
export const SandboxActions = (props: {
  sandbox: BerthSandbox;
  /** The services of the base that can be forked (its forks among them). */
  forkable: string[];
  onChanged: () => void;
}) => {
  const { sandbox } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const links = useSandboxLinks();
  const navigate = useNavigate();
  const announce = useAnnounceOperation();
  const notifySuccess = useSuccessAlert();
  const permissions = useSandboxPermissions(sandbox.id);
  const [dialog, setDialog] = useState<'extend' | 'edit-forks' | 'delete'>();
  const deleting = sandbox.status === 'deleting';
  return (
    <Box display="flex" style={{ gap: 8 }}>
      {permissions.canUpdate && (
        <Button
          variant="outlined"
          color="primary"
          startIcon={<UpdateIcon />}
          disabled={deleting}
          onClick={() => setDialog('extend')}
        >
          {t('sandboxes.extend.button')}
        </Button>
      )}
      {permissions.canUpdate && (
        <Button
          variant="outlined"
          color="primary"
          startIcon={<EditIcon />}
          disabled={deleting}
          onClick={() => setDialog('edit-forks')}
        >
          {t('sandboxes.editForks.button')}
        </Button>
      )}
      {permissions.canDelete && (
        <Button
          variant="outlined"
          color="secondary"
          startIcon={<DeleteIcon />}
          disabled={deleting}
          onClick={() => setDialog('delete')}
        >
          {t('sandboxes.remove.button')}
        </Button>
      )}
      {dialog === 'extend' && (
        <ExtendSandboxDialog
          sandbox={sandbox}
          onClose={() => setDialog(undefined)}
          onExtended={extended => {
            setDialog(undefined);
            notifySuccess(
              t('sandboxes.extend.extended', {
                name: extended.name,
                at: formatTime(extended.expiresAt),
              }),
            );
            props.onChanged();
          }}
        />
      )}
      {dialog === 'edit-forks' && (
        <EditForksDialog
          sandbox={sandbox}
          services={props.forkable}
          onClose={() => setDialog(undefined)}
          onUpdated={({ operation }) => {
            setDialog(undefined);
            announce(
              operation,
              t('sandboxes.editForks.updating', { name: sandbox.name }),
            );
            props.onChanged();
          }}
        />
      )}
      {dialog === 'delete' && (
        <DeleteSandboxDialog
          sandbox={sandbox}
          onClose={() => setDialog(undefined)}
          onDeleted={({ operation }) => {
            announce(
              operation,
              t('sandboxes.remove.deleting', { name: sandbox.name }),
            );
            navigate(
              `${links.environment(sandbox.baseEnvironmentId)}?tab=sandboxes`,
            );
          }}
        />
      )}
    </Box>
  );
};
