import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthSandbox, SandboxChange } from '@berth/plugin-berth-common';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { ActionDialog } from '../../common/ActionDialog';
import { useSandboxesApi } from '../api';
import {
  ForkDraft,
  forkDraftOf,
  forksErrors,
  ForksPicker,
  noForksProblem,
  toSandboxFork,
} from '../forks';

/**
 * Changes a sandbox's forks: the fields of the create dialog, filled with
 * its forks. Saving starts an operation that redeploys the forks and
 * rewrites the routes; what the server refuses shows in the dialog.
 */
export const EditForksDialog = (props: {
  sandbox: BerthSandbox;
  /** The services of the base that can be forked (its forks among them). */
  services: string[];
  onClose: () => void;
  onUpdated: (change: SandboxChange) => void;
}) => {
  const { sandbox } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useSandboxesApi();
  const [forks, setForks] = useState<ForkDraft[]>(() =>
    sandbox.forks.map(forkDraftOf),
  );
  const errors = forksErrors(forks, t);
  const problem = noForksProblem(forks, t);
  const save = useBerthAction(
    async () => {
      const change = await api.updateSandbox(sandbox.id, {
        forks: forks.map(toSandboxFork),
      });
      props.onUpdated(change);
    },
    { closes: true },
  );
  return (
    <ActionDialog
      id="edit-sandbox-forks"
      title={t('sandboxes.editForks.title', { name: sandbox.name })}
      size="md"
      onClose={props.onClose}
      action={save}
      failed={t('sandboxes.editForks.failed')}
      confirmLabel={t('sandboxes.editForks.submit')}
      disabled={Boolean(problem) || Object.keys(errors).length > 0}
    >
      <Typography variant="body2" paragraph>
        {t('sandboxes.editForks.intro', { base: sandbox.baseEnvironmentName })}
      </Typography>
      <ForksPicker
        id="edit-sandbox-forks"
        base={sandbox.baseEnvironmentName}
        services={props.services}
        forks={forks}
        onChange={changed => {
          save.clearError();
          setForks(changed);
        }}
        errors={errors}
        problem={problem}
        disabled={save.sending}
      />
    </ActionDialog>
  );
};
