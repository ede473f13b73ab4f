import { WorkflowParamValue } from '@berth/plugin-berth-common';

/** The `${event.*}` values a git trigger's params may use. */
export type GitEventScope = Record<string, string | undefined>;

/** Names a trigger's params may use as `${event.<name>}`. */
export const EVENT_PARAM_NAMES = [
  'branch',
  'commit',
  'repo',
  'tag',
  'baseBranch',
  'pullRequest',
  'sender',
  'event',
];

const EVENT_EXPRESSION = /\$\{\s*event\.([A-Za-z0-9_]*)\s*\}/g;

function mapString(value: string, scope: GitEventScope, param: string): string {
  return value.replace(EVENT_EXPRESSION, (_whole, name: string) => {
    if (!EVENT_PARAM_NAMES.includes(name)) {
      throw new Error(
        `params.${param}: unknown \${event.${name}}; known: ${EVENT_PARAM_NAMES.join(
          ', ',
        )}`,
      );
    }
    // A value the event does not have (a tag on a branch push) is empty.
    return scope[name] ?? '';
  });
}

/**
 * A trigger's params with every `${event.x}` replaced by the event's value
 * (other `${...}` left as they are). Throws an Error naming the param for an
 * unknown `${event.x}`.
 */
export function mapTriggerParams(
  params: Record<string, WorkflowParamValue> | undefined,
  scope: GitEventScope,
): Record<string, WorkflowParamValue> {
  const mapped: Record<string, WorkflowParamValue> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    if (typeof value === 'string') {
      mapped[name] = mapString(value, scope, name);
    } else if (Array.isArray(value)) {
      mapped[name] = value.map(item => mapString(item, scope, name));
    } else {
      mapped[name] = value;
    }
  }
  return mapped;
}
