import { BerthEnvironment, BerthProject } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import AddIcon from '@material-ui/icons/Add';
import { useState } from 'react';
import { useCreateEnvironmentPermission } from '../../../hooks/useCreateEnvironmentPermission';
import { CreateEnvironmentDialog } from '../CreateEnvironmentDialog';

/**
 * "Create environment" for a project, opening the create dialog; not shown to
 * users the permission framework denies `berth.environment.create`.
 */
export const CreateEnvironmentButton = (props: {
  project: BerthProject;
  existingNames?: string[];
  onCreated?: (environments: BerthEnvironment[]) => void;
}) => {
  const permission = useCreateEnvironmentPermission();
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
        aria-label={`Create environment of ${
          props.project.title ?? props.project.name
        }`}
      >
        Create environment
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
