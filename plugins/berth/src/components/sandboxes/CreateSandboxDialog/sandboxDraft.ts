import { CreateSandboxRequest, SandboxFork } from '@berth/plugin-berth-common';
import { parse } from 'yaml';
import { parseKeyValueLines } from '../../../lib/keyValueLines';
import { dnsLabelProblem } from '../../../lib/names';
import { valuesYamlProblem } from '../../../lib/yaml';
import { BerthTranslate, englishBerthT } from '../../../translation';
import {
  ImageOverride,
  imageOverridesProblem,
  imageOverridesTo,
} from '../../services/ImageOverridesField';

/** A sandbox name is a DNS label this short, so that `<base namespace>-<name>` fits a namespace. */
export const MAX_SANDBOX_NAME_LENGTH = 30;

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
}

/** The sandbox being filled in. */
export interface SandboxDraft {
  name: string;
  /** Hours to live; empty: the server's default. */
  ttlHours: string;
  /** The services to fork, in the order they were picked. */
  forks: ForkDraft[];
}

/** What is wrong with a fork, by field. */
export interface ForkErrors {
  revision?: string;
  values?: string;
  images?: string;
  set?: string;
}

/** What is wrong with the draft, by field; empty when it can be sent. */
export interface SandboxDraftErrors {
  name?: string;
  ttlHours?: string;
  forks?: string;
  fork: Record<string, ForkErrors>;
}

/** An empty draft: no name, the default time to live, no forks. */
export function emptySandboxDraft(): SandboxDraft {
  return { name: '', ttlHours: '', forks: [] };
}

/** A fork of `service` with the base's settings (nothing overridden). */
export function emptyFork(service: string): ForkDraft {
  return { service, revision: '', values: '', images: [], set: '' };
}

function wholeNumberProblem(text: string, problem: string) {
  if (!text.trim()) return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? undefined : problem;
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

/** What is wrong with the draft (nothing when every field is empty or fine). */
export function sandboxDraftErrors(
  draft: SandboxDraft,
  t: BerthTranslate = englishBerthT,
): SandboxDraftErrors {
  const what = t('sandboxes.create.name');
  let name = dnsLabelProblem(draft.name, what, t);
  if (!name && draft.name.length > MAX_SANDBOX_NAME_LENGTH) {
    name = t('names.tooLong', {
      what,
      length: String(draft.name.length),
      max: String(MAX_SANDBOX_NAME_LENGTH),
    });
  }
  const fork: Record<string, ForkErrors> = {};
  for (const f of draft.forks) {
    const errors = forkErrors(f, t);
    if (Object.keys(errors).length > 0) fork[f.service] = errors;
  }
  return {
    name,
    ttlHours: wholeNumberProblem(
      draft.ttlHours,
      t('sandboxes.create.ttlProblem'),
    ),
    forks: draft.forks.length === 0 ? t('sandboxes.create.noForks') : undefined,
    fork,
  };
}

/** Whether the draft can be sent. */
export function isSendable(errors: SandboxDraftErrors): boolean {
  return (
    !errors.name &&
    !errors.ttlHours &&
    !errors.forks &&
    Object.keys(errors.fork).length === 0
  );
}

/** A fork as the API takes it: only what the user set. */
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
  return fork;
}

/** The create request of a sendable draft. */
export function toCreateSandboxRequest(
  draft: SandboxDraft,
): CreateSandboxRequest {
  return {
    name: draft.name,
    forks: draft.forks.map(toSandboxFork),
    ...(draft.ttlHours.trim() ? { ttlHours: Number(draft.ttlHours) } : {}),
  };
}
