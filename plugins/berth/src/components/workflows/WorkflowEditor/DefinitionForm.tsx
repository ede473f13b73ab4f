import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { WorkflowDefinition } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { berthTranslationRef } from '../../../translation';
import { TextInput } from '../../common/FormFields/TextInput';
import { ParamsEditor } from './ParamsEditor';
import { StageEditor } from './StageEditor';

/** The optional texts that describe a workflow, each in its own field. */
const describingFields = ['title', 'description'] as const;

/**
 * The form of a definition: title, description, params, and stages of jobs.
 * Triggers and concurrency are kept as they are (edited in YAML).
 */
export const DefinitionForm = (props: {
  definition: WorkflowDefinition;
  onChange: (definition: WorkflowDefinition) => void;
  onSpecValidity: (key: string, valid: boolean) => void;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { definition } = props;
  const set = (change: Partial<WorkflowDefinition>) =>
    props.onChange({ ...definition, ...change });
  const stages = definition.stages;
  return (
    <Box>
      {describingFields.map(key => (
        <TextInput
          key={key}
          id={`workflow-${key}`}
          label={t(`workflows.editor.${key}`)}
          value={definition[key] ?? ''}
          onChange={text => set({ [key]: text || undefined })}
          margin="dense"
        />
      ))}
      <Box mt={2}>
        <ParamsEditor
          params={definition.params ?? []}
          onChange={params => set({ params })}
        />
      </Box>
      <Typography variant="h6">{t('workflows.editor.stages')}</Typography>
      {stages.map((stage, i) => (
        <StageEditor
          key={i}
          index={i}
          stage={stage}
          onChange={changed =>
            set({ stages: stages.map((old, k) => (k === i ? changed : old)) })
          }
          onRemove={() => set({ stages: stages.filter((_, k) => k !== i) })}
          onSpecValidity={props.onSpecValidity}
        />
      ))}
      <Button
        size="small"
        color="primary"
        variant="outlined"
        onClick={() =>
          set({
            stages: [
              ...stages,
              { name: '', jobs: [{ name: '', type: 'script', spec: {} }] },
            ],
          })
        }
      >
        {t('workflows.editor.addStage')}
      </Button>
    </Box>
  );
};
