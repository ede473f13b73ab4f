import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { WorkflowParam, WorkflowParamValue } from '@berth/plugin-berth-common';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Switch from '@material-ui/core/Switch';
import { CheckboxField } from '../../common/FormFields/CheckboxField';
import { SelectInput } from '../../common/FormFields/SelectInput';
import { TextInput } from '../../common/FormFields/TextInput';
import { berthTranslationRef } from '../../../translation';

/** The options a param's picker offers. */
export interface ParamOptions {
  environments: string[];
  components: string[];
}

const LIVE_OPTIONS: Partial<Record<WorkflowParam['type'], keyof ParamOptions>> =
  { environment: 'environments', component: 'components' };

function optionsOf(
  param: WorkflowParam,
  live: ParamOptions,
): string[] | undefined {
  const from = param.optionsFrom ?? LIVE_OPTIONS[param.type];
  if (from) return live[from];
  if (param.type === 'choice' || param.type === 'multiChoice') {
    return param.options ?? [];
  }
  return undefined;
}

/**
 * The field of one param: a switch for a boolean, a select for a choice or an
 * environment or component of the project, a number field, or a text field.
 */
export const ParamField = (props: {
  param: WorkflowParam;
  value: WorkflowParamValue | undefined;
  onChange: (value: WorkflowParamValue) => void;
  options: ParamOptions;
  problem?: 'required' | 'number';
  disabled?: boolean;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { param, value } = props;
  const id = `workflow-param-${param.name}`;
  const label = param.title ?? param.name;
  const problem = props.problem
    ? t(`workflows.run.problems.${props.problem}`)
    : undefined;

  if (param.type === 'boolean') {
    return (
      <FormControlLabel
        control={
          <Switch
            checked={value === true}
            onChange={e => props.onChange(e.target.checked)}
            disabled={props.disabled}
            name={param.name}
          />
        }
        label={label}
      />
    );
  }
  const options = optionsOf(param, props.options);
  if (options && param.type === 'multiChoice') {
    const selected = Array.isArray(value) ? value : [];
    return (
      <FormControl component="fieldset" margin="dense" error={Boolean(problem)}>
        <FormLabel component="legend" required={param.required}>
          {label}
        </FormLabel>
        <FormGroup row>
          {options.map(option => (
            <CheckboxField
              key={option}
              label={option}
              checked={selected.includes(option)}
              disabled={props.disabled}
              onChange={checked =>
                props.onChange(
                  checked
                    ? [...selected, option]
                    : selected.filter(s => s !== option),
                )
              }
            />
          ))}
        </FormGroup>
        <FormHelperText>{problem ?? param.description}</FormHelperText>
      </FormControl>
    );
  }
  // What the select and the text field have in common.
  const field = {
    id,
    label,
    value: value === undefined ? '' : String(value),
    onChange: props.onChange,
    required: param.required,
    disabled: props.disabled,
    problem,
    hint: param.description,
  };
  if (options) {
    return (
      <SelectInput
        {...field}
        options={options.map(o => ({ value: o, label: o }))}
        placeholder=""
      />
    );
  }
  return (
    <TextInput
      {...field}
      type={param.type === 'number' ? 'number' : 'text'}
      margin="dense"
    />
  );
};
