import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { WorkflowJob, WorkflowJobOnError } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import { berthTranslationRef } from '../../../translation';
import { RemoveButton } from './RemoveButton';
import { SelectInput } from '../../common/FormFields/SelectInput';
import { TextInput } from '../../common/FormFields/TextInput';
import { specToText, textToSpec } from './definitionYaml';

/** The job types Berth brings; a module's type stays selectable once used. */
export const JOB_TYPES = [
  'build',
  'deploy',
  'script',
  'test',
  'approval',
  'notification',
  'trigger-workflow',
];

const ON_ERROR: WorkflowJobOnError[] = ['stop', 'ignore', 'manual'];

/** One job of a stage: name, type, what to do when it fails, its timeout and spec (YAML or JSON). */
export const JobEditor = (props: {
  id: string;
  job: WorkflowJob;
  onChange: (job: WorkflowJob) => void;
  onRemove: () => void;
  /** Whether the spec text is an object (a bad one is not saved). */
  onSpecValidity: (valid: boolean) => void;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { job } = props;
  const [specText, setSpecText] = useState(() => specToText(job.spec));
  const specOk = textToSpec(specText) !== undefined;
  const types =
    JOB_TYPES.includes(job.type) || !job.type
      ? JOB_TYPES
      : [...JOB_TYPES, job.type];
  const name = job.name || '?';
  return (
    <Box border={1} borderColor="divider" borderRadius={4} p={1} mb={1}>
      <Box display="flex" style={{ gap: 8 }}>
        <TextInput
          id={`${props.id}-name`}
          label={t('workflows.editor.jobName')}
          value={job.name}
          onChange={v => props.onChange({ ...job, name: v })}
          margin="dense"
          required
        />
        <SelectInput
          id={`${props.id}-type`}
          label={t('workflows.editor.jobType')}
          value={job.type}
          onChange={v => props.onChange({ ...job, type: v })}
          options={types.map(type => ({ value: type, label: type }))}
          placeholder=""
          required
          minWidth={180}
        />
        <SelectInput
          id={`${props.id}-on-error`}
          label={t('workflows.editor.onError')}
          value={job.onError ?? 'stop'}
          onChange={v =>
            props.onChange({
              ...job,
              onError: v === 'stop' ? undefined : (v as WorkflowJobOnError),
            })
          }
          options={ON_ERROR.map(value => ({
            value,
            label: t(`workflows.editor.onErrors.${value}`),
          }))}
          minWidth={160}
        />
        <TextInput
          id={`${props.id}-timeout`}
          label={t('workflows.editor.timeoutMinutes')}
          value={
            job.timeoutMinutes === undefined ? '' : String(job.timeoutMinutes)
          }
          onChange={v =>
            props.onChange({
              ...job,
              timeoutMinutes: v === '' ? undefined : Number(v),
            })
          }
          type="number"
          margin="dense"
          fullWidth={false}
        />
        <RemoveButton
          label={t('workflows.editor.removeJob', { name })}
          onClick={props.onRemove}
        />
      </Box>
      <TextField
        id={`${props.id}-spec`}
        label={t('workflows.editor.spec')}
        value={specText}
        onChange={e => {
          setSpecText(e.target.value);
          const spec = textToSpec(e.target.value);
          props.onSpecValidity(spec !== undefined);
          if (spec) props.onChange({ ...job, spec });
        }}
        multiline
        minRows={2}
        maxRows={12}
        fullWidth
        variant="outlined"
        margin="dense"
        error={!specOk}
        helperText={specOk ? undefined : t('workflows.editor.specProblem')}
        inputProps={{ spellCheck: false, style: { fontFamily: 'monospace' } }}
      />
    </Box>
  );
};
