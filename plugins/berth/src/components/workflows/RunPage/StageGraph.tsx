import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { WorkflowRun, WorkflowStageRun } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonBase from '@material-ui/core/ButtonBase';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import { Fragment } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { ActionError } from '../../common/DialogActionsRow';
import { useWorkflowsApi } from '../api';
import { WorkflowStatusChip } from '../common/WorkflowStatusChip';

/**
 * A stage's column: its status, Continue when it is a manual stage waiting
 * (and the user may continue it), and its jobs.
 */
const StageColumn = (props: {
  runId: string;
  stage: WorkflowStageRun;
  selected?: string;
  onSelect: (jobRunId: string) => void;
  onChanged: () => void;
  canContinue: boolean;
}) => {
  const { stage } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useWorkflowsApi();
  const proceed = useBerthAction(async () => {
    await api.continueWorkflowStage(props.runId, stage.name);
    props.onChanged();
  });
  return (
    <Paper
      variant="outlined"
      style={{ padding: 8, minWidth: 200 }}
      data-stage={stage.name}
      aria-label={t('workflows.runPage.stage', { name: stage.name })}
      role="group"
    >
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="subtitle2">{stage.name}</Typography>
        <WorkflowStatusChip status={stage.status} />
      </Box>
      {stage.manual && (
        <Typography variant="caption" color="textSecondary">
          {t('workflows.runPage.manualStage')}
        </Typography>
      )}
      {stage.manual && stage.status === 'waiting' && props.canContinue && (
        <Box my={1}>
          <Button
            size="small"
            color="primary"
            variant="contained"
            disabled={proceed.sending}
            onClick={() => proceed.run()}
            aria-label={t('workflows.runPage.continueStage', {
              name: stage.name,
            })}
          >
            {t('workflows.runPage.continue')}
          </Button>
          <ActionError
            action={t('workflows.runPage.continueFailed')}
            error={proceed.error}
          />
        </Box>
      )}
      {stage.jobs.map(job => (
        <ButtonBase
          key={job.id}
          onClick={() => props.onSelect(job.id)}
          aria-pressed={props.selected === job.id}
          aria-label={t('workflows.runPage.jobButton', { name: job.job })}
          style={{
            display: 'block',
            width: '100%',
            textAlign: 'left',
            marginTop: 8,
          }}
        >
          <Paper
            variant="outlined"
            style={{
              padding: 6,
              borderWidth: props.selected === job.id ? 2 : 1,
            }}
          >
            <Typography variant="body2">
              {job.job}{' '}
              <Typography
                component="span"
                variant="caption"
                color="textSecondary"
              >
                {job.type}
                {job.attempt > 1
                  ? ` · ${t('workflows.runPage.attempt', {
                      attempt: String(job.attempt),
                    })}`
                  : ''}
              </Typography>
            </Typography>
            <WorkflowStatusChip status={job.status} />
          </Paper>
        </ButtonBase>
      ))}
    </Paper>
  );
};

/**
 * The stages of a run in order, each with its jobs (in parallel) and their
 * statuses; Continue of a waiting manual stage only with `canContinue`
 * (`berth.workflow.run`).
 */
export const StageGraph = (props: {
  run: WorkflowRun;
  selected?: string;
  onSelect: (jobRunId: string) => void;
  onChanged: () => void;
  canContinue: boolean;
}) => (
  <Box
    display="flex"
    alignItems="flex-start"
    style={{ gap: 8, overflowX: 'auto' }}
  >
    {props.run.stages.map((stage, i) => (
      <Fragment key={stage.name}>
        {i > 0 && (
          <Box alignSelf="center">
            <ArrowForwardIcon color="disabled" />
          </Box>
        )}
        <StageColumn
          runId={props.run.id}
          stage={stage}
          selected={props.selected}
          onSelect={props.onSelect}
          onChanged={props.onChanged}
          canContinue={props.canContinue}
        />
      </Fragment>
    ))}
  </Box>
);
