import { WorkflowDefinition } from '@berth/plugin-berth-common';
import { parse, stringify } from 'yaml';

/** A definition as the YAML the editor shows. */
export function definitionToYaml(definition: WorkflowDefinition): string {
  return stringify(definition, { lineWidth: 0 });
}

/**
 * The definition of a YAML text, or why it cannot be one (the YAML parser's
 * message, or that it is not a mapping). The backend validates the rest.
 */
export function yamlToDefinition(
  text: string,
): { definition: WorkflowDefinition } | { problem: string } {
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    return { problem: (e as Error).message.split('\n')[0] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'not a mapping' };
  }
  const definition = value as WorkflowDefinition;
  return {
    definition: { ...definition, stages: definition.stages ?? [] },
  };
}

/** A job's spec as editable text (YAML; `{}` when empty). */
export function specToText(spec: Record<string, unknown>): string {
  return Object.keys(spec ?? {}).length
    ? stringify(spec, { lineWidth: 0 })
    : '{}\n';
}

/** A spec typed as YAML or JSON (JSON is YAML), or undefined when it is not an object. */
export function textToSpec(text: string): Record<string, unknown> | undefined {
  try {
    const value = parse(text);
    if (value === null || value === undefined) return {};
    return typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The path of a backend InputError message such as
 * `stages[1].jobs[0].type: is required`, with the rest as the problem.
 */
export function splitServerProblem(message: string): {
  path?: string;
  problem: string;
} {
  const match =
    /^((?:[A-Za-z_][\w-]*|\[\d+\])(?:\.[A-Za-z_][\w-]*|\[\d+\])*):\s+(.*)$/s.exec(
      message,
    );
  return match ? { path: match[1], problem: match[2] } : { problem: message };
}
