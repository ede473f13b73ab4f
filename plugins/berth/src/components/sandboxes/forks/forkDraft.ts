import { SandboxFork } from '@berth/plugin-berth-common';
import { parse } from 'yaml';
import { parseKeyValueLines } from '../../../lib/keyValueLines';
import { valuesYamlProblem } from '../../../lib/yaml';
import { BerthTranslate, englishBerthT } from '../../../translation';
import {
  ImageOverride,
  imageOverridesFrom,
  imageOverridesProblem,
  imageOverridesTo,
} from '../../services/ImageOverridesField';
import { wholeNumberProblem } from '../common/wholeNumberProblem';

/** What the user typed for one forked service. */
export interface ForkDraft {
  service: string;
  /** A revision of its own; empty: the base's. */
  revision: string;
  /** Values (YAML) over the base's. */
  values: string;
  images: ImageOverride[];
  /** `--set` values, one `key=value` per line. */
  set: string;
  /** Variables of a manifests service: kept as they are (the form does not edit them). */
  variables?: Record<string, unknown>;
}

/** What is wrong with a fork, by field. */
export interface ForkErrors {
  revision?: string;
  values?: string;
  images?: string;
  set?: string;
}

/** A fork of `service` with the base's settings (nothing overridden). */
export function emptyFork(service: string): ForkDraft {
  return { service, revision: '', values: '', images: [], set: '' };
}

/** The draft of a fork the sandbox has, to edit it. */
export function forkDraftOf(fork: SandboxFork): ForkDraft {
  return {
    service: fork.service,
    revision: fork.revision === undefined ? '' : String(fork.revision),
    values: fork.values ?? '',
    images: imageOverridesFrom(fork.images),
    set: Object.entries(fork.set ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
    ...(fork.variables ? { variables: fork.variables } : {}),
  };
}

/** The forks with `service` picked (`on`, at the end, with the base's settings) or dropped. */
export function toggleFork(
  forks: ForkDraft[],
  service: string,
  on: boolean,
): ForkDraft[] {
  const picked = forks.some(f => f.service === service);
  if (on) return picked ? forks : [...forks, emptyFork(service)];
  return forks.filter(f => f.service !== service);
}

/** The forks with `change` made to the fork of `service`. */
export function changeFork(
  forks: ForkDraft[],
  service: string,
  change: Partial<ForkDraft>,
): ForkDraft[] {
  return forks.map(f => (f.service === service ? { ...f, ...change } : f));
}

function forkErrors(fork: ForkDraft, t: BerthTranslate): ForkErrors {
  const set = parseKeyValueLines(fork.set, '=');
  const errors: ForkErrors = {
    revision: wholeNumberProblem(
      fork.revision,
      t('sandboxes.create.revisionProblem'),
    ),
    values: valuesYamlProblem(fork.values, t),
    images: imageOverridesProblem(fork.images, t),
    set:
      'problem' in set
        ? t('sandboxes.create.setProblem', {
            line: String(set.problem.line),
            text: set.problem.text,
          })
        : undefined,
  };
  return Object.fromEntries(
    Object.entries(errors).filter(([, problem]) => problem),
  );
}

/** What is wrong with each fork, by service; only the forks with a problem. */
export function forksErrors(
  forks: ForkDraft[],
  t: BerthTranslate = englishBerthT,
): Record<string, ForkErrors> {
  const errors: Record<string, ForkErrors> = {};
  for (const fork of forks) {
    const problems = forkErrors(fork, t);
    if (Object.keys(problems).length > 0) errors[fork.service] = problems;
  }
  return errors;
}

/** Why the picked forks cannot be sent as a sandbox's forks (none picked). */
export function noForksProblem(
  forks: ForkDraft[],
  t: BerthTranslate = englishBerthT,
): string | undefined {
  return forks.length === 0 ? t('sandboxes.create.noForks') : undefined;
}

/** A fork as the API takes it: only what the user set (and the variables it had). */
export function toSandboxFork(draft: ForkDraft): SandboxFork {
  const fork: SandboxFork = { service: draft.service };
  if (draft.revision.trim()) fork.revision = Number(draft.revision);
  const values = draft.values.trim() ? parse(draft.values) : undefined;
  if (values) fork.values = draft.values;
  const images = imageOverridesTo(draft.images);
  if (images) fork.images = images;
  const set = parseKeyValueLines(draft.set, '=');
  if ('values' in set && Object.keys(set.values).length > 0) {
    fork.set = set.values;
  }
  if (draft.variables) fork.variables = draft.variables;
  return fork;
}
