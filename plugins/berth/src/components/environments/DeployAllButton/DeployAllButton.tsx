import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthEnvironment } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { useDeployAll } from '../../../hooks/useDeployAll';
import { berthTranslationRef } from '../../../translation';

/**
 * "Deploy all" of an environment (disabled while it sleeps); `onStarted`
 * refreshes what shows it. The caller shows it only with the deploy
 * permission.
 */
export const DeployAllButton = (props: {
  environment: Pick<BerthEnvironment, 'id' | 'name'>;
  sleeping: boolean;
  onStarted: () => void;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const deployAll = useDeployAll(props.environment, props.onStarted);
  return (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<PlayArrowIcon />}
      onClick={deployAll}
      disabled={props.sleeping}
      title={props.sleeping ? t('environmentPage.wakeFirst') : undefined}
    >
      {t('environmentPage.deployAll')}
    </Button>
  );
};
