import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthSandbox } from '@berth/plugin-berth-common';
import { useState } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { useSandboxReadiness } from '../../../hooks/useSandboxReadiness';
import { berthTranslationRef } from '../../../translation';
import { ActionDialog } from '../../common/ActionDialog';
import { useSandboxesApi } from '../api';
import { ttlHoursProblem } from '../common/ttlHours';
import { TtlHoursField } from '../common/TtlHoursField';

/** Hours the Extend dialog proposes when the base's default is not known. */
const FALLBACK_TTL_HOURS = '8';

/**
 * Extends a sandbox's life: it expires the given hours from now. The field
 * starts at the base's default time to live and refuses more than its
 * maximum (both from the base's readiness).
 */
export const ExtendSandboxDialog = (props: {
  sandbox: BerthSandbox;
  onClose: () => void;
  onExtended: (sandbox: BerthSandbox) => void;
}) => {
  const { sandbox } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useSandboxesApi();
  const readiness = useSandboxReadiness(sandbox.baseEnvironmentId);
  const limits = readiness.value?.ttl;
  const [typed, setTyped] = useState<string>();
  let proposed = FALLBACK_TTL_HOURS;
  if (limits) proposed = String(limits.defaultHours);
  else if (readiness.loading) proposed = '';
  const ttl = typed ?? proposed;
  const problem = ttl.trim()
    ? ttlHoursProblem(ttl, t, limits?.maxHours)
    : t('sandboxes.create.ttlProblem');
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
      disabled={Boolean(problem)}
    >
      <TtlHoursField
        id="extend-sandbox-ttl"
        label={t('sandboxes.extend.ttl')}
        value={ttl}
        onChange={value => {
          extend.clearError();
          setTyped(value);
        }}
        ttl={limits}
        problem={ttl || typed !== undefined ? problem : undefined}
        disabled={extend.sending}
      />
    </ActionDialog>
  );
};
