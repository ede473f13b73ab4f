import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  WORKFLOW_PARAM_TYPES,
  WorkflowParam,
  WorkflowParamType,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { berthTranslationRef } from '../../../translation';
import { RemoveButton } from './RemoveButton';
import { CheckboxField } from '../../common/FormFields/CheckboxField';
import { SelectInput } from '../../common/FormFields/SelectInput';
import { TextInput } from '../../common/FormFields/TextInput';

function defaultText(param: WorkflowParam): string {
  if (param.default === undefined) return '';
  return Array.isArray(param.default)
    ? param.default.join(',')
    : String(param.default);
}

function parseDefault(
  type: WorkflowParamType,
  text: string,
): WorkflowParam['default'] {
  if (text === '') return undefined;
  if (type === 'number')
    return Number.isFinite(Number(text)) ? Number(text) : text;
  if (type === 'boolean') return text === 'true';
  if (type === 'multiChoice')
    return text
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
  return text;
}

/** The params of a workflow: name, type, required, default and choices. */
export const ParamsEditor = (props: {
  params: WorkflowParam[];
  onChange: (params: WorkflowParam[]) => void;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const set = (i: number, param: WorkflowParam) =>
    props.onChange(props.params.map((old, k) => (k === i ? param : old)));
  return (
    <Box mb={2}>
      <Typography variant="h6">{t('workflows.editor.params')}</Typography>
      {props.params.map((param, i) => {
        const name = param.name || String(i + 1);
        const choices = param.type === 'choice' || param.type === 'multiChoice';
        return (
          <Box key={i} display="flex" alignItems="center" style={{ gap: 8 }}>
            <TextInput
              id={`param-${i}-name`}
              label={t('workflows.editor.paramName')}
              value={param.name}
              onChange={v => set(i, { ...param, name: v })}
              margin="dense"
              required
            />
            <SelectInput
              id={`param-${i}-type`}
              label={t('workflows.editor.paramType')}
              value={param.type}
              onChange={v => set(i, { ...param, type: v as WorkflowParamType })}
              options={WORKFLOW_PARAM_TYPES.map(type => ({
                value: type,
                label: type,
              }))}
              minWidth={140}
            />
            <TextInput
              id={`param-${i}-default`}
              label={t('workflows.editor.paramDefault')}
              value={defaultText(param)}
              onChange={v =>
                set(i, { ...param, default: parseDefault(param.type, v) })
              }
              margin="dense"
            />
            {choices && (
              <TextInput
                id={`param-${i}-options`}
                label={t('workflows.editor.paramOptions')}
                value={(param.options ?? []).join(',')}
                onChange={v =>
                  set(i, {
                    ...param,
                    options: v
                      .split(',')
                      .map(s => s.trim())
                      .filter(Boolean),
                  })
                }
                margin="dense"
              />
            )}
            <CheckboxField
              label={t('workflows.editor.paramRequired')}
              checked={Boolean(param.required)}
              onChange={required => set(i, { ...param, required })}
            />
            <RemoveButton
              label={t('workflows.editor.removeParam', { name })}
              onClick={() =>
                props.onChange(props.params.filter((_, k) => k !== i))
              }
            />
          </Box>
        );
      })}
      <Button
        size="small"
        color="primary"
        onClick={() =>
          props.onChange([...props.params, { name: '', type: 'string' }])
        }
      >
        {t('workflows.editor.addParam')}
      </Button>
    </Box>
  );
};
