import {
  AuditorService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import { auditedEvent } from '../http/audited';
import { operationActor, OperationActor } from '../model/actor';

/** The caller of an action: a user or a service, as the routes allow. */
export interface ActionCaller {
  credentials: BackstageCredentials<
    BackstageUserPrincipal | BackstageServicePrincipal
  >;
  actor: OperationActor;
}

/** The caller of an action; anyone else is refused (as the routes' 401). */
export function actionCaller(credentials: BackstageCredentials): ActionCaller {
  const type = (credentials.principal as { type?: string }).type;
  if (type !== 'user' && type !== 'service') {
    throw new AuthenticationError('Berth actions need a user or a service');
  }
  const caller = credentials as ActionCaller['credentials'];
  return { credentials: caller, actor: operationActor(caller) };
}

/**
 * Runs an action's change as the audit event its route records (same
 * event id), with the caller and `via: action` in the event's meta.
 */
export function auditedAction<T>(
  auditor: AuditorService,
  caller: ActionCaller,
  eventId: string,
  meta: Record<string, string | number | boolean>,
  change: () => Promise<T>,
): Promise<T> {
  return auditedEvent(
    auditor,
    {
      eventId,
      severityLevel: 'medium',
      meta: { ...meta, actor: caller.actor.ref, via: 'action' },
    },
    change,
  );
}
