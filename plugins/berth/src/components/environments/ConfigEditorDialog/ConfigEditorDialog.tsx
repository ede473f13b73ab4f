import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  EnvironmentConfig,
  EnvironmentConfigKind,
  SECRET_VALUE_MASK,
} from '@berth/plugin-berth-common';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { parse, stringify } from 'yaml';
import { berthApiRef } from '../../../api';
import { ActionDialog } from '../../common/ActionDialog';
import { CheckboxField } from '../../common/FormFields';
import { InputError } from '@backstage/errors';
import { useBerthAction } from '../../../hooks/useBerthAction';
import {
  BerthTranslate,
  berthTranslationRef,
  englishBerthT,
} from '../../../translation';
import { useSuccessAlert } from '../../../hooks/useSuccessAlert';

/** A starting point for a new config of each kind. */
export const CONFIG_TEMPLATES: Record<EnvironmentConfigKind, string> = {
  ConfigMap: `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-settings
data:
  LOG_LEVEL: info
`,
  Secret: `apiVersion: v1
kind: Secret
metadata:
  name: app-secrets
type: Opaque
stringData:
  API_KEY: change-me
`,
  Ingress: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: storefront
                port:
                  number: 80
`,
  PersistentVolumeClaim: `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
`,
};

/** The object of a config's YAML, or why it is not one. */
export function parseConfigObject(
  text: string,
  t: BerthTranslate = englishBerthT,
): { object: Record<string, any> } | { problem: string } {
  let object: unknown;
  try {
    object = parse(text);
  } catch (e) {
    return {
      problem: t('configEditor.notYaml', {
        error: (e as Error).message.split('\n')[0],
      }),
    };
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    return { problem: t('configEditor.notObject') };
  }
  const o = object as Record<string, any>;
  if (typeof o.kind !== 'string') return { problem: t('configEditor.noKind') };
  if (typeof o.metadata?.name !== 'string' || !o.metadata.name) {
    return { problem: t('configEditor.noName') };
  }
  return { object: o };
}

/**
 * Creates or edits an environment config as YAML. A Secret shows its values
 * as the API masks them (••••): they are sent back masked, which keeps them;
 * new values go under `stringData`. Optionally restarts the workloads that
 * use the config.
 */
export const ConfigEditorDialog = (props: {
  environmentId: string;
  /** The config to edit; a new one of `kind` without it. */
  config?: EnvironmentConfig;
  kind?: EnvironmentConfigKind;
  onClose: () => void;
  onSaved: () => void;
}) => {
  const { environmentId, config } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const notifySuccess = useSuccessAlert();
  const kind = config?.kind ?? props.kind ?? 'ConfigMap';
  const [text, setText] = useState(
    config ? stringify(config.object) : CONFIG_TEMPLATES[kind],
  );
  const [restartDependents, setRestartDependents] = useState(false);
  const parsed = parseConfigObject(text, t);
  const problem = 'problem' in parsed ? parsed.problem : undefined;

  const saveAction = useBerthAction(
    async () => {
      // The confirm button is disabled while the text has a problem.
      if (!('object' in parsed)) throw new InputError(parsed.problem);
      const request = { object: parsed.object, restartDependents };
      const result = config
        ? await berthApi.updateEnvironmentConfig(
            environmentId,
            config.kind,
            config.name,
            request,
          )
        : await berthApi.createEnvironmentConfig(environmentId, request);
      notifySuccess(
        result.restarted.length
          ? t('configEditor.savedRestarting', {
              kind: result.change.kind,
              name: result.change.name,
              services: result.restarted.join(', '),
            })
          : t('configEditor.saved', {
              kind: result.change.kind,
              name: result.change.name,
            }),
      );
      props.onSaved();
      props.onClose();
    },
    { closes: true },
  );

  const { sending } = saveAction;
  return (
    <ActionDialog
      id="berth-config-editor"
      onClose={props.onClose}
      size="md"
      title={
        config
          ? t('configEditor.editTitle', {
              kind: config.kind,
              name: config.name,
            })
          : t('configEditor.newTitle', { kind })
      }
      action={saveAction}
      failed={t('configEditor.failed')}
      confirmLabel={t('configEditor.confirm')}
      disabled={Boolean(problem)}
    >
      {kind === 'Secret' && (
        <Typography variant="body2" paragraph>
          {t('configEditor.secretExplanation', {
            mask: SECRET_VALUE_MASK,
            stringData: <code>stringData</code>,
          })}
        </Typography>
      )}
      <TextField
        id="berth-config-yaml"
        label={t('configEditor.yaml')}
        value={text}
        onChange={e => setText(e.target.value)}
        multiline
        minRows={10}
        maxRows={30}
        fullWidth
        variant="outlined"
        margin="dense"
        disabled={sending}
        error={Boolean(problem)}
        helperText={problem ?? t('configEditor.yamlHint')}
        inputProps={{
          spellCheck: false,
          style: { fontFamily: 'monospace' },
        }}
      />
      <CheckboxField
        checked={restartDependents}
        onChange={setRestartDependents}
        disabled={sending}
        label={
          config?.usedBy.length
            ? t('configs.restartUsers', { services: config.usedBy.join(', ') })
            : t('configs.restart')
        }
      />
    </ActionDialog>
  );
};
