import { WorkflowTrigger } from '@berth/plugin-berth-common';
import RE2 from 're2';
import { nextCronTime } from '../../sleep/cronSchedule';
import { EVENT_PARAM_NAMES } from './mapTriggerParams';

const GIT_EVENTS = ['push', 'pull_request', 'tag'];
const EVENT_EXPRESSION = /\$\{\s*event\.([A-Za-z0-9_]*)\s*\}/g;

/** Why RE2 refuses a pattern, or undefined when it compiles. */
function compileError(pattern: string): string | undefined {
  try {
    return new RE2(pattern).source === undefined ? 'no pattern' : undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function paramErrors(
  path: string,
  params: Record<string, unknown> | undefined,
  allowEvent: boolean,
): string[] {
  const errors: string[] = [];
  for (const [name, value] of Object.entries(params ?? {})) {
    const strings = Array.isArray(value) ? value : [value];
    for (const text of strings) {
      if (typeof text !== 'string') continue;
      for (const [, key] of text.matchAll(EVENT_EXPRESSION)) {
        if (!allowEvent) {
          errors.push(
            `${path}.params.${name}: \${event.${key}} is only known to git triggers`,
          );
        } else if (!EVENT_PARAM_NAMES.includes(key)) {
          errors.push(
            `${path}.params.${name}: unknown \${event.${key}}; known: ${EVENT_PARAM_NAMES.join(
              ', ',
            )}`,
          );
        }
      }
    }
  }
  return errors;
}

/**
 * What is wrong with a definition's triggers, each error naming its path
 * (`triggers[1].cron: ...`); empty when nothing is. For the definition
 * validation (a 400 listing them, nothing saved): crons that do not parse,
 * unknown time zones, branch regexes RE2 refuses, unknown `${event.x}`,
 * duplicate names.
 */
export function triggerErrors(
  triggers: WorkflowTrigger[] | undefined,
): string[] {
  const errors: string[] = [];
  const names = new Set<string>();
  (triggers ?? []).forEach((trigger, index) => {
    const path = `triggers[${index}]`;
    if (!trigger.name?.trim()) {
      errors.push(`${path}.name: required`);
    } else if (names.has(trigger.name)) {
      errors.push(`${path}.name: '${trigger.name}' is used by another trigger`);
    } else {
      names.add(trigger.name);
    }
    if (trigger.type === 'cron') {
      try {
        nextCronTime(trigger.cron ?? '', trigger.timeZone ?? 'UTC', new Date());
      } catch (error) {
        const field = /time zone/i.test((error as Error).message)
          ? 'timeZone'
          : 'cron';
        errors.push(`${path}.${field}: ${(error as Error).message}`);
      }
      errors.push(...paramErrors(path, trigger.params, false));
      return;
    }
    if (trigger.type !== 'git') {
      errors.push(`${path}.type: must be git or cron`);
      return;
    }
    if (trigger.provider !== 'github' && trigger.provider !== 'gitlab') {
      errors.push(`${path}.provider: must be github or gitlab`);
    }
    if (!trigger.repo?.trim() || !trigger.repo.includes('/')) {
      errors.push(
        `${path}.repo: give the repository as owner/name (GitHub) or the project path (GitLab)`,
      );
    }
    if (!trigger.events?.length) {
      errors.push(
        `${path}.events: list at least one of ${GIT_EVENTS.join(', ')}`,
      );
    }
    for (const event of trigger.events ?? []) {
      if (!GIT_EVENTS.includes(event)) {
        errors.push(
          `${path}.events: unknown event '${event}'; known: ${GIT_EVENTS.join(
            ', ',
          )}`,
        );
      }
    }
    const regexError =
      trigger.branches === undefined
        ? undefined
        : compileError(trigger.branches);
    if (regexError) {
      errors.push(
        `${path}.branches: '${trigger.branches}' is not a valid regular expression: ${regexError}`,
      );
    }
    (trigger.paths ?? []).forEach((glob, i) => {
      if (typeof glob !== 'string' || !glob.trim()) {
        errors.push(`${path}.paths[${i}]: an empty glob matches nothing`);
      }
    });
    errors.push(...paramErrors(path, trigger.params, true));
  });
  return errors;
}
