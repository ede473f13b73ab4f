import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { EnvironmentConfig } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { berthTranslationRef } from '../../../translation';

/**
 * The buttons of a config's row: its history for everyone, Edit and Delete
 * for those who may manage the environment's configs; each labelled with
 * the config's kind and name.
 */
export const ConfigRowActions = (props: {
  config: EnvironmentConfig;
  canConfig: boolean;
  onEdit: () => void;
  onHistory: () => void;
  onDelete: () => void;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const names = { kind: props.config.kind, name: props.config.name };
  const buttons = [
    {
      text: t('configs.edit'),
      label: t('configs.editLabel', names),
      onClick: props.onEdit,
      shown: props.canConfig,
      primary: true,
    },
    {
      text: t('configs.history'),
      label: t('configs.historyLabel', names),
      onClick: props.onHistory,
      shown: true,
    },
    {
      text: t('configs.delete'),
      label: t('configs.deleteLabel', names),
      onClick: props.onDelete,
      shown: props.canConfig,
    },
  ];
  return (
    <Box display="flex" style={{ gap: 4 }}>
      {buttons
        .filter(button => button.shown)
        .map(button => (
          <Button
            key={button.label}
            size="small"
            color={button.primary ? 'primary' : 'default'}
            onClick={button.onClick}
            aria-label={button.label}
          >
            {button.text}
          </Button>
        ))}
    </Box>
  );
};
