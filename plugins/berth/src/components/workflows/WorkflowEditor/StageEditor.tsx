import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { WorkflowStage } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import { berthTranslationRef } from '../../../translation';
import { RemoveButton } from './RemoveButton';
import { CheckboxField } from '../../common/FormFields/CheckboxField';
import { TextInput } from '../../common/FormFields/TextInput';
import { JobEditor } from './JobEditor';

/** One stage: its name, manual and continue-on-error flags, and its jobs. */
export const StageEditor = (props: {
  index: number;
  stage: WorkflowStage;
  onChange: (stage: WorkflowStage) => void;
  onRemove: () => void;
  onSpecValidity: (key: string, valid: boolean) => void;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { stage, index } = props;
  const name = stage.name || String(index + 1);
  const setJobs = (jobs: WorkflowStage['jobs']) =>
    props.onChange({ ...stage, jobs });
  return (
    <Paper variant="outlined" style={{ padding: 12, marginBottom: 12 }}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <TextInput
          id={`stage-${index}-name`}
          label={t('workflows.editor.stageName')}
          value={stage.name}
          onChange={v => props.onChange({ ...stage, name: v })}
          margin="dense"
          required
        />
        <CheckboxField
          label={t('workflows.editor.manual')}
          checked={Boolean(stage.manual)}
          onChange={manual => props.onChange({ ...stage, manual })}
        />
        <CheckboxField
          label={t('workflows.editor.continueOnError')}
          checked={Boolean(stage.continueOnError)}
          onChange={continueOnError =>
            props.onChange({ ...stage, continueOnError })
          }
        />
        <RemoveButton
          label={t('workflows.editor.removeStage', { name })}
          onClick={props.onRemove}
        />
      </Box>
      {stage.jobs.map((job, j) => (
        <JobEditor
          key={j}
          id={`stage-${index}-job-${j}`}
          job={job}
          onChange={changed =>
            setJobs(stage.jobs.map((old, k) => (k === j ? changed : old)))
          }
          onRemove={() => setJobs(stage.jobs.filter((_, k) => k !== j))}
          onSpecValidity={valid => props.onSpecValidity(`${index}/${j}`, valid)}
        />
      ))}
      <Button
        size="small"
        color="primary"
        onClick={() =>
          setJobs([...stage.jobs, { name: '', type: 'script', spec: {} }])
        }
        aria-label={t('workflows.editor.addJobTo', { name })}
      >
        {t('workflows.editor.addJob')}
      </Button>
    </Paper>
  );
};
