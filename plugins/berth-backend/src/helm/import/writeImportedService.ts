import { ConflictError } from '@backstage/errors';
import { PreparedChart } from '../../charts/chartTypes';
import { HelmImportContext } from './HelmImportContext';
import { HelmSpec } from './importItemSpec';

/**
 * Creates the service of an import item, or (with `force`) adds a revision
 * to the helm service of that name; stores the chart's archive first.
 */
export async function writeImportedService(
  ctx: HelmImportContext,
  input: {
    projectRef: string;
    name: string;
    componentRef: string;
    spec: HelmSpec;
    prepared: PreparedChart;
    force: boolean;
    actor: string;
  },
): Promise<{ status: 'created' | 'updated'; revision: number }> {
  const { projectRef, name, componentRef, spec, prepared, force, actor } =
    input;
  const existing = await ctx.services.get(projectRef, name).catch(error => {
    if ((error as Error).name === 'NotFoundError') return undefined;
    throw error;
  });
  if (existing && !force) {
    throw new ConflictError(
      `Project '${projectRef}' already has a service named '${name}'; import with force to add a revision`,
    );
  }
  if (existing && existing.kind !== 'helm') {
    throw new ConflictError(
      `Service '${name}' is a ${existing.kind} service; a chart cannot replace it`,
    );
  }
  await ctx.archives.put(prepared);
  return ctx.serially(async () => {
    if (existing) {
      const revision = await ctx.projects.addServiceRevision(
        projectRef,
        name,
        spec,
        actor,
      );
      return { status: 'updated' as const, revision: revision.revision };
    }
    await ctx.projects.createService(
      projectRef,
      { name, componentRef, spec },
      actor,
    );
    return { status: 'created' as const, revision: 1 };
  });
}
