import { InputError, stringifyError } from '@backstage/errors';
import { ValuesSyncResult } from '@berth/plugin-berth-common';
import { checkServiceValues } from './chartValues';
import { HelmImportContext } from './HelmImportContext';
import { readValuesUrl } from './readValuesUrl';

/**
 * Re-reads a service's tracked values file; a new revision only when its
 * text changed.
 */
export async function syncValues(
  ctx: HelmImportContext,
  projectRef: string,
  service: string,
  actor: string,
): Promise<ValuesSyncResult> {
  const info = await ctx.services.get(projectRef, service);
  const revision = await ctx.services.getRevision(
    projectRef,
    service,
    info.latestRevision,
  );
  const spec = revision.spec;
  if (spec.kind !== 'helm' || !spec.valuesFrom) {
    throw new InputError(
      `Service '${service}' does not take its values from a file in Git`,
    );
  }
  const values = await readValuesUrl(ctx, spec.valuesFrom.url);
  if (values === spec.values) {
    return { service, changed: false, revision: revision.revision };
  }
  if (spec.chart.type === 'archive') {
    const chart = await ctx.archives.get(spec.chart.digest);
    checkServiceValues(
      { info: chart, content: Buffer.alloc(0) },
      values,
      service,
    );
  }
  const added = await ctx.projects.addServiceRevision(
    projectRef,
    service,
    { ...spec, values },
    actor,
  );
  return { service, changed: true, revision: added.revision };
}

/** Re-syncs every tracked values file of every project (the scheduled task). */
export async function syncAllValues(ctx: HelmImportContext): Promise<{
  checked: number;
  changed: number;
  failed: number;
}> {
  let checked = 0;
  let changed = 0;
  let failed = 0;
  for (const project of await ctx.projects.listProjects()) {
    for (const service of project.services.filter(s => s.kind === 'helm')) {
      const revision = await ctx.services.getRevision(
        project.ref,
        service.name,
        service.latestRevision,
      );
      if (revision.spec.kind !== 'helm' || !revision.spec.valuesFrom?.track)
        continue;
      checked += 1;
      try {
        const result = await syncValues(
          ctx,
          project.ref,
          service.name,
          'berth:values-sync',
        );
        if (result.changed) changed += 1;
      } catch (error) {
        failed += 1;
        ctx.logger.warn(
          `Could not re-sync the values of ${project.ref} service ${
            service.name
          }: ${stringifyError(error)}`,
        );
      }
    }
  }
  return { checked, changed, failed };
}
