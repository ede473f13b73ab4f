import { WorkflowParam, WorkflowParamValue } from '@berth/plugin-berth-common';

/** The values of a run dialog's form, by param name. */
export type ParamValues = Record<string, WorkflowParamValue | undefined>;

/** The form's first values: the params' defaults (booleans false, multi-choices empty). */
export function initialParamValues(params: WorkflowParam[]): ParamValues {
  const values: ParamValues = {};
  for (const param of params) {
    if (param.default !== undefined) values[param.name] = param.default;
    else if (param.type === 'boolean') values[param.name] = false;
    else if (param.type === 'multiChoice') values[param.name] = [];
  }
  return values;
}

function isEmpty(value: WorkflowParamValue | undefined): boolean {
  return (
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'number' && Number.isNaN(value))
  );
}

/** What is wrong with the values, by param name: `required` or `number`. */
export function paramProblems(
  params: WorkflowParam[],
  values: ParamValues,
): Record<string, 'required' | 'number'> {
  const problems: Record<string, 'required' | 'number'> = {};
  for (const param of params) {
    const value = values[param.name];
    if (param.required && param.type !== 'boolean' && isEmpty(value)) {
      problems[param.name] = 'required';
    } else if (
      param.type === 'number' &&
      value !== undefined &&
      value !== '' &&
      !Number.isFinite(Number(value))
    ) {
      problems[param.name] = 'number';
    }
  }
  return problems;
}

/** The params of the start request: the set ones, numbers as numbers. */
export function runParams(
  params: WorkflowParam[],
  values: ParamValues,
): Record<string, WorkflowParamValue> {
  const result: Record<string, WorkflowParamValue> = {};
  for (const param of params) {
    const value = values[param.name];
    if (isEmpty(value)) continue;
    result[param.name] =
      param.type === 'number' ? Number(value) : (value as WorkflowParamValue);
  }
  return result;
}
