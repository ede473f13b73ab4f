import { ServiceStore } from '../services/ServiceStore';
import { resolveDeployment, ResolvedDeployment } from './resolveDeployment';

/**
 * Resolves the deployment of one of a project's services: reads the revision
 * its settings pin (the service's latest without a pin), then
 * {@link resolveDeployment}.
 */
export async function resolveServiceDeployment(
  services: Pick<ServiceStore, 'getRevision'>,
  service: { name: string; componentRef: string; latestRevision: number },
  input: Omit<
    Parameters<typeof resolveDeployment>[0],
    'componentRef' | 'revision'
  >,
): Promise<ResolvedDeployment> {
  const revision = await services.getRevision(
    input.project.ref,
    service.name,
    input.settings.revision ?? service.latestRevision,
  );
  return resolveDeployment({
    ...input,
    componentRef: service.componentRef,
    revision,
  });
}
