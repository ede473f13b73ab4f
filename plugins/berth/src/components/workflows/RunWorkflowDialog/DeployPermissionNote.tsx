import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { usePermission } from '@backstage/plugin-permission-react';
import { berthEnvironmentDeployPermission } from '@berth/plugin-berth-common';
import Typography from '@material-ui/core/Typography';
import { useEffect } from 'react';
import { berthTranslationRef } from '../../../translation';

/**
 * Under an environment param of the run dialog (or, with `job`, for a deploy
 * job naming its environment itself): asks whether the user may deploy to
 * the environment (the server refuses a run that deploys where its creator
 * may not) and says so before the run is started. `onRefused(param,
 * refused)` (a stable callback; `param` is any key of the caller's) tells
 * the dialog, which then does not offer Start.
 */
export const DeployPermissionNote = (props: {
  param: string;
  environment: { id: string; name: string };
  job?: string;
  onRefused: (param: string, refused: boolean) => void;
}) => {
  const { param, environment, job, onRefused } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const { loading, allowed } = usePermission({
    permission: berthEnvironmentDeployPermission,
    resourceRef: environment.id,
  });
  const refused = !loading && !allowed;
  useEffect(() => {
    onRefused(param, refused);
    return () => onRefused(param, false);
  }, [param, refused, onRefused]);
  if (!refused) return null;
  return (
    <Typography variant="body2" color="error">
      {job
        ? t('workflows.run.jobDeployRefused', {
            job,
            environment: environment.name,
          })
        : t('workflows.run.deployRefused', { environment: environment.name })}
    </Typography>
  );
};
