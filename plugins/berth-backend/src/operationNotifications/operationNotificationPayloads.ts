import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { EnvironmentTier } from '@berth/plugin-berth-common';

type NotificationPayload = NotificationSendOptions['payload'];
type Severity = NonNullable<NotificationPayload['severity']>;

/** What an ended operation is notified for. */
export type OperationNotificationEvent =
  | { type: 'failed' }
  | { type: 'deployed' }
  | { type: 'slept' }
  | {
      type: 'values-changed';
      changed: Array<{ service: string; revision?: number }>;
    };

/** The operation as its notification names it. */
export interface NotifiedOperation {
  id: string;
  title: string;
  projectRef: string;
  actor: string;
  message?: string;
}

/** The environment an operation ran in, as its notification names it. */
export interface NotifiedEnvironment {
  id: string;
  name: string;
  tier: EnvironmentTier;
}

/** The scope of an operation's notification: one per operation, updated in place. */
export const operationScope = (operationId: string) =>
  `berth:operation:${operationId}`;

/** An environment's page in the portal, on its activity tab. */
export const environmentActivityLink = (environmentId: string) =>
  `/berth/environments/${encodeURIComponent(environmentId)}?tab=activity`;

function projectPath(projectRef: string) {
  const ref = parseEntityRef(projectRef, { defaultKind: 'system' });
  return `/berth/projects/${encodeURIComponent(
    ref.namespace,
  )}/${encodeURIComponent(ref.name)}`;
}

/** A project's services page, or one service's page, in the portal. */
export const servicesLink = (projectRef: string, service?: string) =>
  `${projectPath(projectRef)}/services${
    service ? `/${encodeURIComponent(service)}` : ''
  }`;

/**
 * Severity by event and tier: production one step up (a failure there is
 * critical, a deploy there high), the other tiers normal or low.
 */
const SEVERITY: Record<
  OperationNotificationEvent['type'],
  { production: Severity; other: Severity }
> = {
  failed: { production: 'critical', other: 'normal' },
  deployed: { production: 'high', other: 'normal' },
  slept: { production: 'normal', other: 'low' },
  'values-changed': { production: 'normal', other: 'normal' },
};

const TOPIC: Record<OperationNotificationEvent['type'], string> = {
  failed: 'berth-operation-failed',
  deployed: 'berth-production-deploy',
  slept: 'berth-environment-sleep',
  'values-changed': 'berth-values-changed',
};

/** Joins sentences, adding a full stop only where one is missing. */
function sentences(parts: Array<string | undefined>): string {
  return parts
    .filter((p): p is string => Boolean(p?.trim()))
    .map(p => p.trim())
    .map(p => (/[.!?]$/.test(p) ? p : `${p}.`))
    .join(' ');
}

function where(
  operation: NotifiedOperation,
  environment?: NotifiedEnvironment,
) {
  const project = parseEntityRef(operation.projectRef).name;
  return environment
    ? `${project} ${environment.name} (${environment.tier})`
    : project;
}

function title(
  event: OperationNotificationEvent,
  operation: NotifiedOperation,
  environment?: NotifiedEnvironment,
): string {
  const at = where(operation, environment);
  switch (event.type) {
    case 'failed':
      return `${operation.title} failed in ${at}`;
    case 'deployed':
      return `${operation.title} succeeded in ${at}`;
    case 'slept':
      return `${at} was put to sleep by its schedule`;
    default:
      return `Tracked values changed in ${at}: ${event.changed
        .map(c => c.service)
        .join(', ')}`;
  }
}

function description(
  event: OperationNotificationEvent,
  operation: NotifiedOperation,
): string {
  if (event.type === 'values-changed') {
    return sentences([
      `New revision${event.changed.length === 1 ? '' : 's'}: ${event.changed
        .map(c =>
          c.revision === undefined
            ? c.service
            : `${c.service} revision ${c.revision}`,
        )
        .join(', ')}`,
      'Environments run them at their next deploy',
    ]);
  }
  return sentences([operation.message, `Started by ${operation.actor}`]);
}

function link(
  event: OperationNotificationEvent,
  operation: NotifiedOperation,
  environment?: NotifiedEnvironment,
): string {
  if (environment) return environmentActivityLink(environment.id);
  if (event.type === 'values-changed' && event.changed.length === 1) {
    return servicesLink(operation.projectRef, event.changed[0].service);
  }
  return servicesLink(operation.projectRef);
}

/**
 * The notification of an ended operation: title, description, severity by
 * event and the environment's tier, a link to the portal page, a topic per
 * event and the operation's scope.
 */
export function operationNotificationPayload(
  event: OperationNotificationEvent,
  operation: NotifiedOperation,
  environment?: NotifiedEnvironment,
): NotificationPayload {
  const severity = SEVERITY[event.type];
  return {
    title: title(event, operation, environment),
    description: description(event, operation),
    severity:
      environment?.tier === 'production' ? severity.production : severity.other,
    link: link(event, operation, environment),
    topic: TOPIC[event.type],
    scope: operationScope(operation.id),
  };
}
