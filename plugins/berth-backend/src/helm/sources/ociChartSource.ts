import { ChartFetcher } from '../ChartFetcher';
import { ChartSourceEntry, ImportSourceOf } from './ChartSourceEntry';

/** Built-in: charts of an OCI registry (key `oci`). */
export function ociChartSource(
  fetcher: ChartFetcher,
): ChartSourceEntry<ImportSourceOf<'oci'>> {
  return {
    key: 'oci',
    builtIn: true,
    description: 'Charts of an OCI registry (oci://host/path/chart)',
    prepare: source => fetcher.fetchOci(source),
    versionsOf: async origin =>
      origin.type === 'oci'
        ? (await fetcher.ociTags(origin.ref, origin.registry)).map(version => ({
            version,
          }))
        : [],
    sourceAt: (origin, version) => {
      const { ref, registry } = origin as Extract<
        typeof origin,
        { type: 'oci' }
      >;
      return { type: 'oci', ref, version, registry };
    },
  };
}
