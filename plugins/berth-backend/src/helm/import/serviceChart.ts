import { InputError } from '@backstage/errors';
import { ChartVersionsAvailable } from '@berth/plugin-berth-common';
import { HelmImportContext } from './HelmImportContext';
import { HelmSpec } from './importItemSpec';

/** A service's revision (default the latest) whose chart is an imported archive. */
export async function archiveRevisionOf(
  ctx: Pick<HelmImportContext, 'services'>,
  projectRef: string,
  service: string,
  revision?: number,
) {
  const at =
    revision ?? (await ctx.services.get(projectRef, service)).latestRevision;
  const found = await ctx.services.getRevision(projectRef, service, at);
  const spec = found.spec;
  if (spec.kind !== 'helm' || spec.chart.type !== 'archive') {
    throw new InputError(
      `Service '${service}' does not use an imported chart (its chart is ${
        spec.kind === 'helm'
          ? `of type ${spec.chart.type}`
          : 'none: it is a manifests service'
      })`,
    );
  }
  return {
    spec: spec as HelmSpec & {
      chart: Extract<HelmSpec['chart'], { type: 'archive' }>;
    },
    revision: at,
  };
}

/** The chart of a service's revision (archive charts only). */
export async function serviceChart(
  ctx: HelmImportContext,
  projectRef: string,
  service: string,
  revision?: number,
) {
  const { spec, revision: at } = await archiveRevisionOf(
    ctx,
    projectRef,
    service,
    revision,
  );
  const info = await ctx.archives.get(spec.chart.digest);
  return { ...info, origin: spec.chart.origin, revision: at };
}

/** The versions of a service's chart at its origin (its chart source). */
export async function chartVersions(
  ctx: HelmImportContext,
  projectRef: string,
  service: string,
): Promise<ChartVersionsAvailable> {
  const { chart } = await latestArchiveSpec(ctx, projectRef, service);
  return {
    current: chart.version,
    origin: chart.origin,
    versions: await ctx.sources.versionsOf(chart.origin),
  };
}

/**
 * The spec of a service's latest revision, whose chart is an imported
 * archive, with the chart sources' credentials refreshed: to go to the
 * chart's origin for its other versions.
 */
export async function latestArchiveSpec(
  ctx: Pick<HelmImportContext, 'services' | 'credentials'>,
  projectRef: string,
  service: string,
) {
  await ctx.credentials?.refresh();
  return (await archiveRevisionOf(ctx, projectRef, service)).spec;
}
