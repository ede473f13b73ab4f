import { ConflictError, InputError } from '@backstage/errors';
import { ServiceRevision } from '@berth/plugin-berth-common';
import { newFetchContext } from '../ChartFetcher';
import { archiveSource, checkServiceValues } from './chartValues';
import { HelmImportContext } from './HelmImportContext';
import { latestArchiveSpec } from './serviceChart';

/** Moves a service to another version of its chart: a new revision. */
export async function upgradeChart(
  ctx: HelmImportContext,
  projectRef: string,
  service: string,
  version: string,
  actor: string,
): Promise<ServiceRevision> {
  const spec = await latestArchiveSpec(ctx, projectRef, service);
  if (version === spec.chart.version) {
    throw new ConflictError(
      `Service '${service}' is at chart version ${version} already`,
    );
  }
  const source = ctx.sources.sourceAt(spec.chart.origin, version);
  const prepared = await ctx.sources.prepare(source, newFetchContext());
  if (prepared.info.metadata.name !== spec.chart.name) {
    throw new InputError(
      `Version ${version} is chart '${prepared.info.metadata.name}', not '${spec.chart.name}'`,
    );
  }
  checkServiceValues(prepared, spec.values, service);
  await ctx.archives.put(prepared);
  return ctx.projects.addServiceRevision(
    projectRef,
    service,
    { ...spec, chart: archiveSource(prepared) },
    actor,
  );
}
