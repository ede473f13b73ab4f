import { InputError, NotFoundError } from '@backstage/errors';
import {
  ChartImportItem,
  DEFAULT_IMAGE_RULES,
  findImagePaths,
  ImageRule,
  ServiceSpec,
} from '@berth/plugin-berth-common';
import { PreparedChart } from '../../charts/chartTypes';
import { mergeValues, parseValuesYaml } from '../../values';
import { FetchContext } from '../ChartFetcher';
import {
  archiveSource,
  chartDefaultValues,
  checkServiceValues,
} from './chartValues';
import { HelmImportContext } from './HelmImportContext';
import { readValuesUrl } from './readValuesUrl';

export type HelmSpec = Extract<ServiceSpec, { kind: 'helm' }>;

/**
 * The spec of the service an import item makes: its values (given, from a
 * file of the same Git tree, or from a URL), checked against the chart's
 * schema, and its images (as given, else found by the project's image rules
 * in its values over the chart's).
 */
export async function importItemSpec(
  ctx: HelmImportContext,
  item: ChartImportItem,
  prepared: PreparedChart,
  service: string,
  context: FetchContext,
  imageRules: readonly ImageRule[] = DEFAULT_IMAGE_RULES,
): Promise<HelmSpec> {
  const given = [
    item.values !== undefined,
    item.valuesFile !== undefined,
    item.valuesUrl !== undefined,
  ].filter(Boolean).length;
  if (given > 1) {
    throw new InputError(
      `Service '${service}': give values, valuesFile or valuesUrl, not several`,
    );
  }
  if (item.trackValues && !item.valuesUrl) {
    throw new InputError(`Service '${service}': trackValues needs a valuesUrl`);
  }
  let values = item.values ?? '';
  if (item.valuesFile !== undefined) {
    if (item.source.type !== 'git') {
      throw new InputError(
        `Service '${service}': valuesFile is for Git sources; give values or valuesUrl`,
      );
    }
    const tree = await ctx.fetcher.gitTree(item.source.url, context);
    const file = tree.get(item.valuesFile.replace(/^\/+/, ''));
    if (!file) {
      throw new NotFoundError(
        `The tree ${item.source.url} has no values file '${item.valuesFile}'`,
      );
    }
    values = file.toString('utf8');
  } else if (item.valuesUrl !== undefined) {
    values = await readValuesUrl(ctx, item.valuesUrl);
  }
  const chartValues = chartDefaultValues(prepared.info);
  const serviceValues = parseValuesYaml(values, {
    source: `values of service '${service}'`,
  });
  checkServiceValues(prepared, values, service);
  const spec: HelmSpec = {
    kind: 'helm',
    chart: archiveSource(prepared),
    values,
    // as reviewed in the wizard, else where the project's rules find them
    images:
      item.images ??
      findImagePaths(mergeValues(chartValues, serviceValues), imageRules),
  };
  if (item.valuesUrl) {
    spec.valuesFrom = {
      url: item.valuesUrl,
      track: Boolean(item.trackValues),
    };
  }
  return spec;
}
