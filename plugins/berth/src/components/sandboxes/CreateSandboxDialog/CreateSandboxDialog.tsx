import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthEnvironment, SandboxChange } from '@berth/plugin-berth-common';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { ActionDialog } from '../../common/ActionDialog';
import { TextInput } from '../../common/FormFields';
import { useSandboxesApi } from '../api';
import { SandboxTtl } from '../common/ttlHours';
import { TtlHoursField } from '../common/TtlHoursField';
import { ForksPicker } from '../forks';
import {
  emptySandboxDraft,
  isSendable,
  MAX_SANDBOX_NAME_LENGTH,
  SandboxDraft,
  sandboxDraftErrors,
  toCreateSandboxRequest,
} from './sandboxDraft';

/**
 * Creates a sandbox of a base environment: its name, the services to fork
 * (of those deployed in the base), per fork a revision, image overrides,
 * values and `--set` values, and its time to live (the base's default to
 * start with, at most its maximum). What the server refuses (base not
 * ready, name in use) shows in the dialog.
 */
export const CreateSandboxDialog = (props: {
  environment: BerthEnvironment;
  /** The services deployed in the base, which can be forked. */
  services: string[];
  /** The base's TTL limits, from its readiness; unknown when it could not be read. */
  ttl?: SandboxTtl;
  onClose: () => void;
  onCreated: (change: SandboxChange) => void;
}) => {
  const { environment, ttl } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useSandboxesApi();
  const [draft, setDraft] = useState<SandboxDraft>(() =>
    emptySandboxDraft(ttl),
  );
  const [touched, setTouched] = useState(false);
  const errors = sandboxDraftErrors(draft, t, ttl?.maxHours);
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
      <TtlHoursField
        id="create-sandbox-ttl"
        label={t('sandboxes.create.ttl')}
        value={draft.ttlHours}
        onChange={ttlHours => update({ ttlHours })}
        ttl={ttl}
        problem={errors.ttlHours}
        disabled={disabled}
      />
      <ForksPicker
        id="create-sandbox"
        base={environment.name}
        services={props.services}
        forks={draft.forks}
        onChange={forks => update({ forks })}
        errors={errors.fork}
        problem={touched ? errors.forks : undefined}
        disabled={disabled}
      />
    </ActionDialog>
  );
};
