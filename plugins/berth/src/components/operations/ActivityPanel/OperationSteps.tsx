import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { OperationStep } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { groupSteps } from '../../../lib/operations';
import { StepStatusChip } from './StatusChips';
import { berthTranslationRef } from '../../../translation';
import { Note } from '../../common/Note';

const StepLine = (props: { step: OperationStep; strong?: boolean }) => {
  const { step, strong } = props;
  return (
    <Box width="100%">
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography
          variant="body2"
          component="span"
          style={strong ? { fontWeight: 500 } : undefined}
        >
          {step.title}
        </Typography>
        <StepStatusChip status={step.status} />
      </Box>
      {step.message && (
        <Typography
          variant="caption"
          component="p"
          color={step.status === 'failed' ? 'error' : 'textSecondary'}
        >
          {step.message}
        </Typography>
      )}
    </Box>
  );
};

/**
 * An operation's steps: each start-order group (or other step) with its
 * status, and under a group each service with its status and message.
 */
export const OperationSteps = (props: {
  steps?: OperationStep[];
  label?: string;
}) => {
  const groups = groupSteps(props.steps ?? []);
  const { t } = useTranslationRef(berthTranslationRef);
  if (groups.length === 0) {
    return <Note>{t('activity.noSteps')}</Note>;
  }
  return (
    <List dense disablePadding aria-label={props.label ?? t('activity.steps')}>
      {groups.map(({ step, children }) => (
        <ListItem key={step.key} disableGutters data-step={step.key}>
          <Box width="100%">
            <StepLine step={step} strong={children.length > 0} />
            {children.length > 0 && (
              <Box pl={2}>
                <List dense disablePadding aria-label={step.title}>
                  {children.map(child => (
                    <ListItem
                      key={child.key}
                      disableGutters
                      data-step={child.key}
                    >
                      <StepLine step={child} />
                    </ListItem>
                  ))}
                </List>
              </Box>
            )}
          </Box>
        </ListItem>
      ))}
    </List>
  );
};
