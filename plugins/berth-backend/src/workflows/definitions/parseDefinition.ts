import { InputError } from '@backstage/errors';
import { WorkflowDefinition } from '@berth/plugin-berth-common';
import { parse as parseYaml } from 'yaml';
import { workflowDefinitionSchema } from './definitionSchema';
import { formatPath } from './expressions';

/** The most problems one refusal lists. */
const MAX_PROBLEMS = 20;

/** Throws one InputError listing problems (each naming its path). */
export function refuse(problems: string[]): never {
  const shown = problems.slice(0, MAX_PROBLEMS);
  const more =
    problems.length > MAX_PROBLEMS
      ? ` (and ${problems.length - MAX_PROBLEMS} more)`
      : '';
  throw new InputError(
    `The workflow definition is not valid: ${shown.join('; ')}${more}`,
  );
}

/**
 * Reads a definition from YAML text or an object and checks its shape.
 * InputError naming the path of each problem, e.g.
 * `stages[1].jobs[0].timeoutMinutes: ...`.
 */
export function parseDefinition(input: {
  definition?: unknown;
  yaml?: string;
}): WorkflowDefinition {
  if (input.definition !== undefined && input.yaml !== undefined) {
    throw new InputError('Give the definition or yaml, not both');
  }
  let raw: unknown = input.definition;
  if (input.yaml !== undefined) {
    if (typeof input.yaml !== 'string') {
      throw new InputError('yaml must be a string');
    }
    try {
      raw = parseYaml(input.yaml, { maxAliasCount: 100 });
    } catch (error) {
      throw new InputError(
        `The workflow YAML does not parse: ${(error as Error).message}`,
      );
    }
  }
  if (raw === undefined || raw === null) {
    throw new InputError('A workflow needs a definition (or yaml)');
  }
  const result = workflowDefinitionSchema.safeParse(raw);
  if (!result.success) {
    refuse(
      result.error.issues.map(issue => {
        const path = formatPath(issue.path);
        return path ? `${path}: ${issue.message}` : issue.message;
      }),
    );
  }
  return result.data as WorkflowDefinition;
}
