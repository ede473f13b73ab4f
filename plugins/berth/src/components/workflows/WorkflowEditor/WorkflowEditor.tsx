import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { WorkflowDefinition } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { CheckboxField } from '../../common/FormFields/CheckboxField';
import { TextInput } from '../../common/FormFields/TextInput';
import { DefinitionForm } from './DefinitionForm';
import {
  definitionToYaml,
  splitServerProblem,
  yamlToDefinition,
} from './definitionYaml';

/** What the editor saves: the definition as an object (form) or as YAML text (YAML tab). */
export interface WorkflowDraft {
  name: string;
  enabled: boolean;
  definition?: WorkflowDefinition;
  yaml?: string;
}

/** Why saving failed, as the server said, with the path it names. */
const SaveError = (props: { error?: string }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  if (!props.error) return null;
  const { path, problem } = splitServerProblem(props.error);
  return (
    <Box mt={2} role="alert">
      <Typography color="error">
        {t('workflows.editor.saveFailed')}: {problem}
        {path ? ` (${t('workflows.editor.at', { path })})` : ''}
      </Typography>
    </Box>
  );
};

/**
 * The editor of a workflow: a name (new workflows only), a form of the
 * definition and a YAML tab editing the same definition, and Save, which
 * shows the server's validation error with its path.
 */
export const WorkflowEditor = (props: {
  /** The name of an existing workflow (not editable); empty for a new one. */
  name?: string;
  enabled: boolean;
  definition: WorkflowDefinition;
  onSave: (draft: WorkflowDraft) => Promise<unknown>;
  onCancel: () => void;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const [name, setName] = useState(props.name ?? '');
  const [enabled, setEnabled] = useState(props.enabled);
  const [definition, setDefinition] = useState(props.definition);
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const [yamlText, setYamlText] = useState('');
  const [yamlProblem, setYamlProblem] = useState<string>();
  const [badSpecs, setBadSpecs] = useState<Set<string>>(new Set());
  const save = useBerthAction(() =>
    props.onSave(
      tab === 'yaml'
        ? { name, enabled, yaml: yamlText }
        : { name, enabled, definition },
    ),
  );

  const switchTo = (next: 'form' | 'yaml') => {
    if (next === tab) return;
    if (next === 'yaml') {
      setYamlText(definitionToYaml(definition));
      setYamlProblem(undefined);
      setTab('yaml');
      return;
    }
    const parsed = yamlToDefinition(yamlText);
    if ('problem' in parsed) {
      setYamlProblem(parsed.problem);
      return;
    }
    setDefinition(parsed.definition);
    setBadSpecs(new Set());
    setTab('form');
  };
  const onSpecValidity = (key: string, valid: boolean) =>
    setBadSpecs(prev => {
      const next = new Set(prev);
      if (valid) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <Box>
      {props.name === undefined && (
        <TextInput
          id="workflow-name"
          label={t('workflows.editor.name')}
          value={name}
          onChange={v => {
            save.clearError();
            setName(v);
          }}
          hint={t('workflows.editor.nameHint')}
          required
        />
      )}
      <CheckboxField
        label={t('workflows.editor.enabled')}
        checked={enabled}
        onChange={setEnabled}
      />
      <Tabs
        value={tab}
        onChange={(_, value: 'form' | 'yaml') => switchTo(value)}
        indicatorColor="primary"
      >
        <Tab value="form" label={t('workflows.editor.form')} />
        <Tab value="yaml" label={t('workflows.editor.yaml')} />
      </Tabs>
      <Box mt={2}>
        {tab === 'form' ? (
          <DefinitionForm
            definition={definition}
            onChange={d => {
              save.clearError();
              setDefinition(d);
            }}
            onSpecValidity={onSpecValidity}
          />
        ) : (
          <TextField
            id="workflow-yaml"
            label={t('workflows.editor.yaml')}
            value={yamlText}
            onChange={e => {
              save.clearError();
              setYamlProblem(undefined);
              setYamlText(e.target.value);
            }}
            multiline
            minRows={16}
            fullWidth
            variant="outlined"
            error={Boolean(yamlProblem)}
            helperText={
              yamlProblem
                ? t('workflows.editor.yamlProblem', { error: yamlProblem })
                : undefined
            }
            inputProps={{
              spellCheck: false,
              style: { fontFamily: 'monospace' },
            }}
          />
        )}
      </Box>
      <SaveError error={save.error} />
      <Box mt={2} display="flex" style={{ gap: 8 }}>
        <Button
          color="primary"
          variant="contained"
          onClick={() => save.run()}
          disabled={save.sending || badSpecs.size > 0}
        >
          {t('workflows.editor.save')}
        </Button>
        <Button onClick={props.onCancel} disabled={save.sending}>
          {t('dialog.cancel')}
        </Button>
      </Box>
    </Box>
  );
};
