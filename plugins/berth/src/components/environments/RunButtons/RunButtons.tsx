import { BerthEnvironment, EnvironmentSleep } from '@berth/plugin-berth-common';
import { EnvironmentPermissions } from '../../../hooks/useEnvironmentPermissions';
import { DeployAllButton } from '../DeployAllButton';
import { SleepButton } from '../SleepControls';

/**
 * An environment's Deploy all and Sleep/Wake buttons, each shown only to
 * users who may use it (the environment page and the Environment tab).
 */
export const RunButtons = (props: {
  environment: BerthEnvironment;
  permissions: Pick<EnvironmentPermissions, 'canDeploy' | 'canSleep'>;
  sleep: { value?: EnvironmentSleep; retry: () => void };
  sleeping: boolean;
  onChanged: () => void;
}) => {
  const { environment, permissions, sleep, onChanged } = props;
  return (
    <>
      {permissions.canDeploy && (
        <DeployAllButton
          environment={environment}
          sleeping={props.sleeping}
          onStarted={onChanged}
        />
      )}
      {permissions.canSleep && (
        <SleepButton
          environment={environment}
          sleep={sleep.value}
          onChanged={() => {
            onChanged();
            sleep.retry();
          }}
        />
      )}
    </>
  );
};
