import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  BerthCluster,
  BerthEnvironment,
  BerthProject,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import { useState } from 'react';
import { berthApiRef } from '../../../api';
import { toProjectRef } from '../../../lib/refs';
import { EnvironmentDraftForm } from '../EnvironmentDraftForm';
import {
  EnvironmentDraft,
  hasErrors,
  newDraft,
  toRequest,
  validateDraft,
  visibleErrors,
} from './drafts';
import { ActionError, DialogActionsRow } from '../../common/DialogActionsRow';
import { useClusters } from '../../../hooks/useClusters';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { useSuccessAlert } from '../../../hooks/useSuccessAlert';

type Props = {
  project: BerthProject;
  /** Names of the project's environments, to catch duplicates before sending. */
  existingNames?: string[];
  onClose: () => void;
  onCreated?: (environments: BerthEnvironment[]) => void;
};

const DraftsForm = (props: Props & { clusters: BerthCluster[] }) => {
  const { project, clusters, onClose, onCreated } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const notifySuccess = useSuccessAlert();
  const [drafts, setDrafts] = useState(() => [newDraft(clusters)]);
  const [submitted, setSubmitted] = useState(false);

  const errorsOf = (draft: EnvironmentDraft) =>
    validateDraft(
      draft,
      {
        project,
        clusters,
        existingNames: props.existingNames ?? [],
        others: drafts.filter(d => d.key !== draft.key),
      },
      t,
    );

  const action = useBerthAction(
    async () => {
      const { items: created } = await berthApi.createEnvironments(
        toProjectRef(project.ref),
        drafts.map(d => toRequest(d, project)),
      );
      notifySuccess(
        t('createEnvironment.created', {
          names: created.map(e => e.name).join(', '),
          project: project.title ?? project.name,
        }),
      );
      onCreated?.(created);
      onClose();
    },
    { closes: true },
  );
  const { sending, error: serverError } = action;
  const create = () => {
    setSubmitted(true);
    action.clearError();
    if (drafts.some(d => hasErrors(errorsOf(d)))) return;
    action.run();
  };

  return (
    <>
      <DialogContent dividers>
        {clusters.length === 0 && (
          <Typography color="error" paragraph>
            {t('createEnvironment.noClusters')}
          </Typography>
        )}
        {drafts.map((draft, index) => (
          <Box key={draft.key} mb={2}>
            <EnvironmentDraftForm
              index={index}
              draft={draft}
              errors={visibleErrors(draft, errorsOf(draft), submitted)}
              project={project}
              clusters={clusters}
              disabled={sending}
              onChange={next =>
                setDrafts(all => all.map(d => (d.key === next.key ? next : d)))
              }
              onRemove={
                drafts.length > 1
                  ? () => setDrafts(all => all.filter(d => d.key !== draft.key))
                  : undefined
              }
            />
          </Box>
        ))}
        <Button
          startIcon={<AddIcon />}
          onClick={() => setDrafts(all => [...all, newDraft(clusters)])}
          disabled={sending}
        >
          {t('createEnvironment.addAnother')}
        </Button>
        <ActionError
          action={t('createEnvironment.failed')}
          error={serverError}
        />
      </DialogContent>
      <DialogActionsRow
        onCancel={onClose}
        onConfirm={create}
        confirmLabel={
          drafts.length > 1
            ? t('createEnvironment.createMany', { n: String(drafts.length) })
            : t('createEnvironment.create')
        }
        sending={sending}
        disabled={clusters.length === 0}
      />
    </>
  );
};

/**
 * Creates one or several environments of a project in one request: name,
 * cluster, namespace, tier, values, per-service overrides. Names and values
 * are checked before sending; the server's answer is shown when it refuses.
 */
export const CreateEnvironmentDialog = (props: Props & { open: boolean }) => {
  const { open, ...rest } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const clusters = useClusters(open);
  const title = props.project.title ?? props.project.name;
  return (
    <Dialog
      open={open}
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="berth-create-environment-title"
    >
      <DialogTitle id="berth-create-environment-title">
        {t('createEnvironment.title', { project: title })}
      </DialogTitle>
      {clusters.loading && <Progress />}
      {clusters.error && (
        <DialogContent>
          <ResponseErrorPanel error={clusters.error} />
        </DialogContent>
      )}
      {open && clusters.value && (
        <DraftsForm {...rest} clusters={clusters.value} />
      )}
    </Dialog>
  );
};
