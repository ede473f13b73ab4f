import { InputError } from '@backstage/errors';
import {
  WorkflowDefinition,
  WorkflowParamValue,
} from '@berth/plugin-berth-common';
import { checkParamValue } from './paramValues';

/**
 * The params a run starts with: the given values checked against the
 * declared params, defaults filled in. InputError naming the param when one
 * is unknown, missing (required, no default), of the wrong type or not
 * among its options.
 */
export function resolveRunParams(
  definition: WorkflowDefinition,
  given: Record<string, unknown> | undefined,
): Record<string, WorkflowParamValue> {
  const input = given ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new InputError('params must be an object of param values');
  }
  const declared = definition.params ?? [];
  const known = new Set(declared.map(p => p.name));
  const problems: string[] = [];
  for (const key of Object.keys(input)) {
    if (!known.has(key))
      problems.push(`param '${key}' is not declared by the workflow`);
  }
  const params: Record<string, WorkflowParamValue> = {};
  for (const p of declared) {
    const value = input[p.name];
    if (value === undefined || value === null || value === '') {
      if (p.default !== undefined) params[p.name] = p.default;
      else if (p.required) problems.push(`param '${p.name}' is required`);
      continue;
    }
    const problem = checkParamValue(p, value);
    if (problem) problems.push(`param '${p.name}' ${problem}`);
    else params[p.name] = value as WorkflowParamValue;
  }
  if (problems.length) {
    throw new InputError(
      `The run's params are not valid: ${problems.join('; ')}`,
    );
  }
  return params;
}
