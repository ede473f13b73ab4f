import { WorkflowParam, WorkflowParamValue } from '@berth/plugin-berth-common';

/** What is wrong with a value of a param, or undefined. */
export function checkParamValue(
  param: WorkflowParam,
  value: unknown,
): string | undefined {
  switch (param.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `must be a number, not ${describe(value)}`;
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : `must be true or false, not ${describe(value)}`;
    case 'multiChoice': {
      if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
        return `must be a list of strings, not ${describe(value)}`;
      }
      const outside = param.options
        ? value.filter(v => !param.options!.includes(v))
        : [];
      return outside.length
        ? `${outside
            .map(v => `'${v}'`)
            .join(', ')} not among the options (${param.options!.join(', ')})`
        : undefined;
    }
    default:
      if (typeof value !== 'string') {
        return `must be a string, not ${describe(value)}`;
      }
      if (
        param.type === 'choice' &&
        param.options &&
        !param.options.includes(value)
      ) {
        return `'${value}' is not among the options (${param.options.join(
          ', ',
        )})`;
      }
      return undefined;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}

/** A value of the param's type, for checking specs that hold `${params.x}`. */
export function sampleParamValue(param: WorkflowParam): WorkflowParamValue {
  if (param.default !== undefined) return param.default;
  switch (param.type) {
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'multiChoice':
      return param.options?.slice(0, 1) ?? ['sample'];
    case 'choice':
      return param.options?.[0] ?? 'sample';
    default:
      return 'sample';
  }
}
