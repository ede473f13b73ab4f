import { BerthOperation } from '@berth/plugin-berth-common';
import { OperationActor } from '../model/actor';
import { StoredEnvironment } from '../model/environment';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { CopyPlan, CopyService } from './CopyService';

/**
 * Stores a planned copy (already authorized): the new environment's row,
 * its origin and the operation that makes its namespace and deploys it,
 * in one transaction. Used by the REST route and the copy action.
 */
export function registerCopy(
  deps: { copies: CopyService; environmentOperations: EnvironmentOperations },
  source: StoredEnvironment,
  copy: CopyPlan,
  actor: OperationActor,
): Promise<{ environment: StoredEnvironment; operation: BerthOperation }> {
  return deps.environmentOperations.transaction(async tx => {
    const created = await deps.copies.register(copy, actor.ref, tx);
    return {
      environment: created,
      operation: await deps.environmentOperations.start(
        created,
        {
          kind: 'copy',
          title: `Copy ${source.name} to ${created.name}${
            copy.plan.deploy ? ' and deploy' : ''
          }`,
          spec: {
            adoptNamespace: copy.plan.adoptNamespace,
            deploy: copy.plan.deploy,
          },
        },
        actor,
        tx,
      ),
    };
  });
}
