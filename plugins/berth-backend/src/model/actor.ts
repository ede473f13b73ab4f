import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { OperationActorType } from '@berth/plugin-berth-common';

/** Who starts an operation. */
export interface OperationActor {
  ref: string;
  type: OperationActorType;
}

/** Who acts, as operations record it: a user's entity ref, or a service's subject. */
export function operationActor(
  credentials: BackstageCredentials<
    BackstageUserPrincipal | BackstageServicePrincipal
  >,
): OperationActor {
  return credentials.principal.type === 'user'
    ? { ref: credentials.principal.userEntityRef, type: 'user' }
    : { ref: credentials.principal.subject, type: 'service' };
}

/** Who did it: the user's entity ref, or the service's subject. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.type === 'user'
    ? principal.userEntityRef!
    : principal.subject ?? 'unknown';
}
