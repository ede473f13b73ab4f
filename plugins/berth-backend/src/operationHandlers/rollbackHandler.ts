import { ServiceDeployError } from '../deployments/DeployOrchestrator';
import { RollbackService } from '../rollback/RollbackService';
import { assertAwake } from '../model/assertAwake';
import { OperationHandler } from '../operations/OperationHandler';
import { serviceStepKey } from './deploySteps';
import { loadTarget, TargetDeps } from './loadTarget';

/** A service back to one of its deployment records (checked and recorded by the route). */
export interface RollbackSpec {
  service: string;
  deploymentId: string;
}

/** The `rollback` handler: one step, the service's deploy with the record's values. */
export function rollbackHandler(
  deps: TargetDeps & { rollbacks: RollbackService },
): OperationHandler<RollbackSpec> {
  return {
    kind: 'rollback',
    async run(context) {
      const { operation } = context;
      const { service, deploymentId } = operation.spec;
      const step = { key: serviceStepKey(service), title: service };
      await context.plan([step]);
      const record = await context.step(step, async resume => {
        const { environment, project } = await loadTarget(deps, operation);
        assertAwake(environment);
        const { record: deployed, error } = await deps.rollbacks.deployRollback(
          {
            project,
            environment,
            service,
            deploymentId,
            actor: operation.actor,
            operationId: operation.id,
            signal: context.signal,
            resume: {
              interrupted: resume.interrupted,
              recordId: (resume.saved as { recordId?: string } | undefined)
                ?.recordId,
              saveRecordId: id => resume.save({ recordId: id }),
            },
          },
        );
        if (error) throw new ServiceDeployError(deployed, error);
        return deployed;
      });
      return `Rolled ${service} back to deployment record ${deploymentId} (revision ${record.revision})`;
    },
  };
}
