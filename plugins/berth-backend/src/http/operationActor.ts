import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { OperationActor } from '../operations/EnvironmentOperations';

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
