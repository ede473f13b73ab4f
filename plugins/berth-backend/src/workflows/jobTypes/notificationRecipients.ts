import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { BerthJobContext } from '@berth/plugin-berth-node';
import { ProjectOwners } from '../notify/projectOwners';
import { NotificationJobInput } from './notificationJobInput';

function normalized(ref: string): string | undefined {
  try {
    return stringifyEntityRef(parseEntityRef(ref));
  } catch {
    return undefined;
  }
}

/** The approvers the spec lists, else those the run's earlier jobs output as `approvers`. */
export function approversOf(
  spec: Pick<NotificationJobInput, 'approvers'>,
  upstream: BerthJobContext['upstream'],
): string[] {
  if (spec.approvers) return spec.approvers;
  return Object.values(upstream).flatMap(outputs => {
    const listed = outputs.approvers;
    return Array.isArray(listed)
      ? listed.filter((a): a is string => typeof a === 'string')
      : [];
  });
}

/**
 * The entity refs the notification goes to, each once: roles resolved
 * (creator when it is a user, the project's owners, the approvers), refs as
 * given. `skipped` says which roles named nobody.
 */
export async function resolveRecipients(
  context: Pick<
    BerthJobContext<NotificationJobInput>,
    'params' | 'run' | 'upstream'
  >,
  projectOwners: ProjectOwners,
): Promise<{ refs: string[]; skipped: string[] }> {
  const refs = new Set<string>();
  const skipped: string[] = [];
  const add = (role: string, found: string[]) => {
    const valid = found.map(normalized).filter((r): r is string => !!r);
    if (valid.length === 0) skipped.push(role);
    valid.forEach(r => refs.add(r));
  };
  for (const to of context.params.to) {
    if (to === 'creator') {
      add(
        to,
        context.run.createdBy.startsWith('user:')
          ? [context.run.createdBy]
          : [],
      );
    } else if (to === 'owners') {
      add(to, await projectOwners(context.run.projectRef));
    } else if (to === 'approvers') {
      add(to, approversOf(context.params, context.upstream));
    } else {
      add(to, [to]);
    }
  }
  return { refs: [...refs].sort(), skipped };
}
