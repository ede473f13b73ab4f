import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthEnvironment, SandboxChange } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { ActionDialog } from '../../common/ActionDialog';
import { CheckboxField, TextInput } from '../../common/FormFields';
import { useSandboxesApi } from '../api';
import { ForkFields } from './ForkFields';
import {
  emptyFork,
  emptySandboxDraft,
  ForkDraft,
  isSendable,
  MAX_SANDBOX_NAME_LENGTH,
  SandboxDraft,
  sandboxDraftErrors,
  toCreateSandboxRequest,
} from './sandboxDraft';

/**
 * Creates a sandbox of a base environment: its name, the services to fork
 * (of those deployed in the base), per fork a revision, image overrides,
 * values and `--set` values, and its time to live. What the server refuses
 * (base not ready, name in use, TTL beyond the maximum) shows in the dialog.
 */
export const CreateSandboxDialog = (props: {
  environment: BerthEnvironment;
  /** The services deployed in the base, which can be forked. */
  services: string[];
  onClose: () => void;
  onCreated: (change: SandboxChange) => void;
}) => {
  const { environment, services } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useSandboxesApi();
  const [draft, setDraft] = useState<SandboxDraft>(emptySandboxDraft);
  const [touched, setTouched] = useState(false);
  const errors = sandboxDraftErrors(draft, t);
  const create = useBerthAction(
    async () => {
      const change = await api.createSandbox(
        environment.id,
        toCreateSandboxRequest(draft),
      );
      props.onCreated(change);
    },
    { closes: true },
  );
  const update = (change: Partial<SandboxDraft>) => {
    create.clearError();
    setDraft(current => ({ ...current, ...change }));
  };
  const toggle = (service: string, on: boolean) =>
    update({
      forks: on
        ? [...draft.forks, emptyFork(service)]
        : draft.forks.filter(f => f.service !== service),
    });
  const changeFork = (service: string, change: Partial<ForkDraft>) =>
    update({
      forks: draft.forks.map(f =>
        f.service === service ? { ...f, ...change } : f,
      ),
    });
  const base = { base: environment.name };
  const disabled = create.sending;
  return (
    <ActionDialog
      id="create-sandbox"
      title={t('sandboxes.create.title', base)}
      size="md"
      onClose={props.onClose}
      action={create}
      failed={t('sandboxes.create.failed')}
      confirmLabel={t('sandboxes.create.submit')}
      disabled={!isSendable(errors)}
    >
      <Typography variant="body2" paragraph>
        {t('sandboxes.create.intro', base)}
      </Typography>
      <TextInput
        id="create-sandbox-name"
        label={t('sandboxes.create.name')}
        value={draft.name}
        onChange={name => {
          setTouched(true);
          update({ name });
        }}
        required
        margin="dense"
        disabled={disabled}
        problem={touched ? errors.name : undefined}
        hint={t('sandboxes.create.nameHint', {
          max: String(MAX_SANDBOX_NAME_LENGTH),
        })}
      />
      <TextInput
        id="create-sandbox-ttl"
        label={t('sandboxes.create.ttl')}
        value={draft.ttlHours}
        onChange={ttlHours => update({ ttlHours })}
        type="number"
        margin="dense"
        disabled={disabled}
        problem={errors.ttlHours}
        hint={t('sandboxes.create.ttlHint')}
      />
      <Box mt={2}>
        <FormLabel component="legend">{t('sandboxes.create.forks')}</FormLabel>
        {services.length === 0 ? (
          <FormHelperText error>
            {t('sandboxes.create.noServices', base)}
          </FormHelperText>
        ) : (
          <FormGroup row aria-label={t('sandboxes.create.forks')}>
            {services.map(service => (
              <CheckboxField
                key={service}
                label={t('sandboxes.create.fork', { service })}
                checked={draft.forks.some(f => f.service === service)}
                onChange={on => toggle(service, on)}
                disabled={disabled}
              />
            ))}
          </FormGroup>
        )}
        {touched && errors.forks && services.length > 0 && (
          <FormHelperText error>{errors.forks}</FormHelperText>
        )}
      </Box>
      {draft.forks.map(fork => (
        <ForkFields
          key={fork.service}
          id="create-sandbox"
          fork={fork}
          errors={errors.fork[fork.service] ?? {}}
          onChange={change => changeFork(fork.service, change)}
          disabled={disabled}
        />
      ))}
    </ActionDialog>
  );
};
