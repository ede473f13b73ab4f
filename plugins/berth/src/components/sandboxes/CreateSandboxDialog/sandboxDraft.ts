import { CreateSandboxRequest } from '@berth/plugin-berth-common';
import { dnsLabelProblem } from '../../../lib/names';
import { BerthTranslate, englishBerthT } from '../../../translation';
import { SandboxTtl, ttlHoursProblem } from '../common/ttlHours';
import {
  ForkDraft,
  ForkErrors,
  forksErrors,
  noForksProblem,
  toSandboxFork,
} from '../forks/forkDraft';

/** A sandbox name is a DNS label this short, so that `<base namespace>-<name>` fits a namespace. */
export const MAX_SANDBOX_NAME_LENGTH = 30;

/** The sandbox being filled in. */
export interface SandboxDraft {
  name: string;
  /** Hours to live; empty: the server's default. */
  ttlHours: string;
  /** The services to fork, in the order they were picked. */
  forks: ForkDraft[];
}

/** What is wrong with the draft, by field; empty when it can be sent. */
export interface SandboxDraftErrors {
  name?: string;
  ttlHours?: string;
  forks?: string;
  fork: Record<string, ForkErrors>;
}

/** An empty draft: no name, the base's default time to live (when known), no forks. */
export function emptySandboxDraft(ttl?: SandboxTtl): SandboxDraft {
  return { name: '', ttlHours: ttl ? String(ttl.defaultHours) : '', forks: [] };
}

/**
 * What is wrong with the draft (nothing when every field is empty or fine);
 * a time to live above `maxTtlHours`, when it is known, is one.
 */
export function sandboxDraftErrors(
  draft: SandboxDraft,
  t: BerthTranslate = englishBerthT,
  maxTtlHours?: number,
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
  return {
    name,
    ttlHours: ttlHoursProblem(draft.ttlHours, t, maxTtlHours),
    forks: noForksProblem(draft.forks, t),
    fork: forksErrors(draft.forks, t),
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
