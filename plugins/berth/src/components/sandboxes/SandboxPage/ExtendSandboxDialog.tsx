import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthSandbox } from '@berth/plugin-berth-common';
import { useState } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { ActionDialog } from '../../common/ActionDialog';
import { TextInput } from '../../common/FormFields';
import { useSandboxesApi } from '../api';

/** Hours the Extend dialog proposes. */
const PROPOSED_TTL_HOURS = '8';

/** Whether `text` is a whole number of hours, at least 1. */
function isTtl(text: string): boolean {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= 1;
}

/**
 * Extends a sandbox's life: it expires the given hours from now (the server
 * refuses more than its maximum).
 */
export const ExtendSandboxDialog = (props: {
  sandbox: BerthSandbox;
  onClose: () => void;
  onExtended: (sandbox: BerthSandbox) => void;
}) => {
  const { sandbox } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useSandboxesApi();
  const [ttl, setTtl] = useState(PROPOSED_TTL_HOURS);
  const extend = useBerthAction(
    async () => {
      const change = await api.updateSandbox(sandbox.id, {
        ttlHours: Number(ttl),
      });
      props.onExtended(change.sandbox);
    },
    { closes: true },
  );
  return (
    <ActionDialog
      id="extend-sandbox"
      title={t('sandboxes.extend.title', { name: sandbox.name })}
      onClose={props.onClose}
      action={extend}
      failed={t('sandboxes.extend.failed')}
      confirmLabel={t('sandboxes.extend.submit')}
      disabled={!isTtl(ttl)}
    >
      <TextInput
        id="extend-sandbox-ttl"
        label={t('sandboxes.extend.ttl')}
        value={ttl}
        onChange={value => {
          extend.clearError();
          setTtl(value);
        }}
        type="number"
        disabled={extend.sending}
        problem={isTtl(ttl) ? undefined : t('sandboxes.create.ttlProblem')}
      />
    </ActionDialog>
  );
};
