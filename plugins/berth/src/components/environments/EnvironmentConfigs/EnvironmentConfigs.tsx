import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  ENVIRONMENT_CONFIG_KINDS,
  EnvironmentConfig,
  EnvironmentConfigKind,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DialogContentText from '@material-ui/core/DialogContentText';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import AddIcon from '@material-ui/icons/Add';
import LockIcon from '@material-ui/icons/Lock';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../../../api';
import { formatTime } from '../../../lib/time';
import { ConfigEditorDialog } from '../ConfigEditorDialog';
import { ConfigHistoryDialog } from './ConfigHistoryDialog';
import { ConfigRowActions } from './ConfigRowActions';
import { ActionDialog } from '../../common/ActionDialog';
import { CheckboxField } from '../../common/FormFields';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { DataTable } from '../../common/DataTable';
import { BerthTranslate, berthTranslationRef } from '../../../translation';
import { useSuccessAlert } from '../../../hooks/useSuccessAlert';

const kindLabels: Record<EnvironmentConfigKind, string> = {
  ConfigMap: 'ConfigMap',
  Secret: 'Secret',
  Ingress: 'Ingress',
  PersistentVolumeClaim: 'PVC',
};

/** What a config holds, in a line; never a Secret's values. */
function contentOf(t: BerthTranslate, config: EnvironmentConfig): string {
  if (config.keys) {
    return config.keys.length ? config.keys.join(', ') : t('configs.noKeys');
  }
  const spec = (config.object.spec ?? {}) as Record<string, any>;
  if (config.kind === 'Ingress') {
    const hosts = (spec.rules ?? [])
      .map((r: { host?: string }) => r.host)
      .filter(Boolean);
    return hosts.length ? t('configs.hosts', { hosts: hosts.join(', ') }) : '—';
  }
  if (config.kind === 'PersistentVolumeClaim') {
    const storage = spec.resources?.requests?.storage;
    return [storage, ...(spec.accessModes ?? [])].filter(Boolean).join(', ');
  }
  return '—';
}

const DeleteConfigDialog = (props: {
  environmentId: string;
  config: EnvironmentConfig;
  onClose: () => void;
  onDeleted: () => void;
}) => {
  const { config } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const [restartDependents, setRestartDependents] = useState(false);
  const removeAction = useBerthAction(
    async () => {
      await berthApi.deleteEnvironmentConfig(
        props.environmentId,
        config.kind,
        config.name,
        { restartDependents },
      );
      props.onDeleted();
      props.onClose();
    },
    { closes: true },
  );
  return (
    <ActionDialog
      id="berth-config-delete"
      onClose={props.onClose}
      title={t('configs.deleteTitle', { kind: config.kind, name: config.name })}
      action={removeAction}
      failed={t('configs.deleteFailed')}
      confirmLabel={t('configs.delete')}
      color="secondary"
    >
      <DialogContentText>
        {t('configs.deleteExplanation')}
        {config.usedBy.length > 0 &&
          t('configs.usedBy', { services: config.usedBy.join(', ') })}
      </DialogContentText>
      <CheckboxField
        checked={restartDependents}
        onChange={setRestartDependents}
        disabled={removeAction.sending}
        label={t('configs.restart')}
      />
    </ActionDialog>
  );
};

/**
 * The ConfigMaps, Secrets, Ingresses and PVCs Berth manages in an
 * environment: listed (Secret values never shown), created and edited as
 * YAML, deleted, each with its history.
 */
export const EnvironmentConfigs = (props: {
  environmentId: string;
  canConfig: boolean;
}) => {
  const { environmentId, canConfig } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const notifySuccess = useSuccessAlert();
  const configs = useAsyncRetry(
    () => berthApi.listEnvironmentConfigs(environmentId),
    [berthApi, environmentId],
  );
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const [creating, setCreating] = useState<EnvironmentConfigKind>();
  const [editing, setEditing] = useState<EnvironmentConfig>();
  const [deleting, setDeleting] = useState<EnvironmentConfig>();
  const [historyOf, setHistoryOf] = useState<EnvironmentConfig>();

  const columns: TableColumn<EnvironmentConfig>[] = [
    {
      title: t('configs.kind'),
      field: 'kind',
      render: c => kindLabels[c.kind] ?? c.kind,
    },
    {
      title: t('configs.name'),
      field: 'name',
      highlight: true,
      render: c => (
        <Box display="flex" alignItems="center" style={{ gap: 4 }}>
          {c.masked && (
            <LockIcon fontSize="small" titleAccess={t('configs.masked')} />
          )}
          {c.name}
        </Box>
      ),
    },
    { title: t('configs.content'), render: c => contentOf(t, c) },
    {
      title: t('configs.usedByColumn'),
      render: c => (c.usedBy.length ? c.usedBy.join(', ') : '—'),
    },
    {
      title: t('configs.version'),
      render: c => (c.version === undefined ? '—' : c.version),
    },
    {
      title: t('configs.updated'),
      render: c => {
        if (!c.updatedAt) return '—';
        const time = formatTime(c.updatedAt);
        return c.updatedBy
          ? t('configs.updatedBy', { time, actor: c.updatedBy })
          : time;
      },
    },
    {
      title: t('configs.actions'),
      render: c => (
        <ConfigRowActions
          config={c}
          canConfig={canConfig}
          onEdit={() => setEditing(c)}
          onHistory={() => setHistoryOf(c)}
          onDelete={() => setDeleting(c)}
        />
      ),
    },
  ];
  const rows = [...(configs.value ?? [])].sort(
    (a, b) =>
      ENVIRONMENT_CONFIG_KINDS.indexOf(a.kind) -
        ENVIRONMENT_CONFIG_KINDS.indexOf(b.kind) ||
      a.name.localeCompare(b.name),
  );

  return (
    <>
      {canConfig && (
        <Box mb={1}>
          <Button
            variant="outlined"
            color="primary"
            startIcon={<AddIcon />}
            onClick={e => setMenu(e.currentTarget)}
            aria-haspopup="true"
          >
            {t('configs.new')}
          </Button>
          <Menu
            anchorEl={menu}
            keepMounted
            open={Boolean(menu)}
            onClose={() => setMenu(null)}
          >
            {ENVIRONMENT_CONFIG_KINDS.map(kind => (
              <MenuItem
                key={kind}
                onClick={() => {
                  setMenu(null);
                  setCreating(kind);
                }}
              >
                {kind}
              </MenuItem>
            ))}
          </Menu>
        </Box>
      )}
      <DataTable<EnvironmentConfig>
        title={t('configs.title')}
        result={configs}
        columns={columns}
        data={rows}
        empty={t('configs.empty')}
      />
      {(creating || editing) && (
        <ConfigEditorDialog
          environmentId={environmentId}
          config={editing}
          kind={creating}
          onClose={() => {
            setCreating(undefined);
            setEditing(undefined);
          }}
          onSaved={configs.retry}
        />
      )}
      {deleting && (
        <DeleteConfigDialog
          environmentId={environmentId}
          config={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            notifySuccess(
              t('configs.deleted', {
                kind: deleting.kind,
                name: deleting.name,
              }),
            );
            configs.retry();
          }}
        />
      )}
      {historyOf && (
        <ConfigHistoryDialog
          environmentId={environmentId}
          config={historyOf}
          onClose={() => setHistoryOf(undefined)}
        />
      )}
    </>
  );
};
