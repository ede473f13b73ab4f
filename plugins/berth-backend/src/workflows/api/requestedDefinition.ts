import { InputError } from '@backstage/errors';
import { WorkflowDefinition } from '@berth/plugin-berth-common';
import { parse } from 'yaml';

/**
 * The definition a create or update request carries, as an object or as YAML
 * text; undefined when it carries none. The service validates its content;
 * this only reads it (an InputError naming `yaml` when it is not YAML of an
 * object, or when both forms are given).
 */
export function requestedDefinition(req: {
  definition?: WorkflowDefinition;
  yaml?: string;
}): WorkflowDefinition | undefined {
  if (req.definition !== undefined && req.yaml !== undefined) {
    throw new InputError('Give either definition or yaml, not both');
  }
  if (req.yaml === undefined) return req.definition;
  let parsed: unknown;
  try {
    parsed = parse(req.yaml);
  } catch (error) {
    throw new InputError(`yaml: not valid YAML: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError('yaml: must be a mapping (a workflow definition)');
  }
  return parsed as WorkflowDefinition;
}
