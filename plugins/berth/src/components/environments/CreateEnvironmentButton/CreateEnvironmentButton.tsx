import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthEnvironment, BerthProject } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import AddIcon from '@material-ui/icons/Add';
import { useState } from 'react';
import { useCreateEnvironmentPermission } from '../../../hooks/useCreateEnvironmentPermission';
import { CreateEnvironmentDialog } from '../CreateEnvironmentDialog';
import { berthTranslationRef } from '../../../translation';

/**
 * "Create environment" for a project, opening the create dialog; shown only
 * to users the permission framework allows `berth.environment.create` on a
 * new environment of this project.
 */
export const CreateEnvironmentButton = (props: {
  project: BerthProject;
  existingNames?: string[];
  onCreated?: (environments: BerthEnvironment[]) => void;
}) => {
  const permission = useCreateEnvironmentPermission(props.project.ref);
  const { t } = useTranslationRef(berthTranslationRef);
  const [open, setOpen] = useState(false);
  if (!permission.allowed) return null;
  return (
    <>
      <Button
        color="primary"
        variant="outlined"
        size="small"
        startIcon={<AddIcon />}
        onClick={() => setOpen(true)}
        aria-label={t('environments.createOf', {
          project: props.project.title ?? props.project.name,
        })}
      >
        {t('environments.create')}
      </Button>
      <CreateEnvironmentDialog
        open={open}
        project={props.project}
        existingNames={props.existingNames}
        onClose={() => setOpen(false)}
        onCreated={props.onCreated}
      />
    </>
  );
};
