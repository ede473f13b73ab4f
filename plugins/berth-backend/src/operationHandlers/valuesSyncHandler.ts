import { ConflictError, stringifyError } from '@backstage/errors';
import { ValuesSyncResult } from '@berth/plugin-berth-common';
import { OperationEngine } from '../operations/OperationEngine';
import { ProjectService } from '../projects/ProjectService';
import { ServiceStore } from '../services/ServiceStore';
import {
  OperationCancelledError,
  OperationInterruptedError,
} from '../operations/OperationContext';
import { OperationHandler } from '../operations/OperationHandler';

/** The Helm services of a project whose values are tracked from Git. */
export async function trackedServices(
  deps: { projects: ProjectService; services: ServiceStore },
  projectRef: string,
): Promise<string[]> {
  const project = await deps.projects.getProject(projectRef);
  const tracked: string[] = [];
  for (const service of project.services.filter(s => s.kind === 'helm')) {
    const revision = await deps.services.getRevision(
      project.ref,
      service.name,
      service.latestRevision,
    );
    if (revision.spec.kind === 'helm' && revision.spec.valuesFrom?.track) {
      tracked.push(service.name);
    }
  }
  return tracked;
}

/**
 * `values-sync`: re-reads each tracked values file of a project, a step per
 * service; a changed file makes a new revision. One failing service does
 * not stop the others; the operation fails naming them.
 */
export function valuesSyncHandler(deps: {
  projects: ProjectService;
  services: ServiceStore;
  /** The Helm import's values sync (HelmImportService). */
  helmImport: {
    syncValues(
      projectRef: string,
      service: string,
      actor: string,
    ): Promise<ValuesSyncResult>;
  };
}): OperationHandler<{ services: string[] }> {
  return {
    kind: 'values-sync',
    async run(context) {
      const { operation } = context;
      const steps = operation.spec.services.map(service => ({
        key: `service:${service}`,
        title: service,
      }));
      await context.plan(steps);
      const results = await Promise.allSettled(
        steps.map((step, i) =>
          context.step(step, async () => {
            const result = await deps.helmImport.syncValues(
              operation.projectRef,
              operation.spec.services[i],
              operation.actor,
            );
            return { changed: result.changed, revision: result.revision };
          }),
        ),
      );
      for (const result of results) {
        if (
          result.status === 'rejected' &&
          (result.reason instanceof OperationCancelledError ||
            result.reason instanceof OperationInterruptedError)
        ) {
          throw result.reason;
        }
      }
      const failed = operation.spec.services.filter(
        (_s, i) => results[i].status === 'rejected',
      );
      const changed = results.filter(
        r => r.status === 'fulfilled' && r.value.changed,
      ).length;
      if (failed.length > 0) {
        const first = results.find(r => r.status === 'rejected') as
          | PromiseRejectedResult
          | undefined;
        throw new Error(
          `Values of ${failed.join(', ')} could not be synced: ${stringifyError(
            first?.reason,
          )}`,
        );
      }
      return `${results.length} tracked values file(s) checked, ${changed} changed`;
    },
  };
}

/**
 * Queues a `values-sync` operation for every project with tracked values
 * that has none queued or running (lock key `project:<ref>`); called by the
 * scheduler. Returns how many were queued.
 */
export async function queueValuesSyncs(deps: {
  projects: ProjectService;
  services: ServiceStore;
  engine: Pick<OperationEngine, 'enqueue'>;
}): Promise<number> {
  let queued = 0;
  for (const project of await deps.projects.listProjects()) {
    const services = await trackedServices(deps, project.ref);
    if (services.length === 0) continue;
    try {
      await deps.engine.enqueue(
        {
          kind: 'values-sync',
          title: `Sync tracked values of ${project.name}`,
          projectRef: project.ref,
          lockKey: `project:${project.ref}`,
          spec: { services },
          actor: 'berth:values-sync',
          actorType: 'schedule',
        },
        active => {
          if (active.length > 0) {
            throw new ConflictError(
              `A values sync of ${project.ref} is already ${active[0].status}`,
            );
          }
        },
      );
      queued += 1;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return queued;
}
