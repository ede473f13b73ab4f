import { InputError, NotFoundError } from '@backstage/errors';
import {
  ChartImportItem,
  ImagePath,
  ServiceSpec,
} from '@berth/plugin-berth-common';
import { PreparedChart } from '../../charts/chartTypes';
import { parseValuesYaml } from '../../values';
import { isPlainObject } from '../../values/plainValues';
import { FetchContext } from '../ChartFetcher';
import {
  archiveSource,
  chartDefaultValues,
  checkServiceValues,
} from './chartValues';
import { HelmImportContext } from './HelmImportContext';
import { readValuesUrl } from './readValuesUrl';

export type HelmSpec = Extract<ServiceSpec, { kind: 'helm' }>;

/** Image paths found in a chart's values: `image.repository`/`image.tag`. */
export function guessImagePaths(values: Record<string, unknown>): ImagePath[] {
  const image = values.image;
  if (isPlainObject(image) && 'repository' in image) {
    return [
      {
        name: 'main',
        repositoryPath: 'image.repository',
        tagPath: 'image.tag',
      },
    ];
  }
  return [];
}

/**
 * The spec of the service an import item makes: its values (given, from a
 * file of the same Git tree, or from a URL), checked against the chart's
 * schema, and its images.
 */
export async function importItemSpec(
  ctx: HelmImportContext,
  item: ChartImportItem,
  prepared: PreparedChart,
  service: string,
  context: FetchContext,
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
  parseValuesYaml(values, { source: `values of service '${service}'` });
  checkServiceValues(prepared, values, service);
  const spec: HelmSpec = {
    kind: 'helm',
    chart: archiveSource(prepared),
    values,
    images: item.images ?? guessImagePaths(chartValues),
  };
  if (item.valuesUrl) {
    spec.valuesFrom = {
      url: item.valuesUrl,
      track: Boolean(item.trackValues),
    };
  }
  return spec;
}
