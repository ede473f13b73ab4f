import { ChartFetcher } from '../ChartFetcher';
import { builtInChartSource, originOf } from './ChartSourceEntry';

/** Built-in: charts of an OCI registry (key `oci`). */
export const ociChartSource = (fetcher: ChartFetcher) =>
  builtInChartSource<'oci'>(
    'oci',
    'Charts of an OCI registry (oci://host/path/chart)',
    {
      prepare: source => fetcher.fetchOci(source),
      versionsOf: async origin =>
        origin.type === 'oci'
          ? (await fetcher.ociTags(origin.ref, origin.registry)).map(
              version => ({ version }),
            )
          : [],
      sourceAt: (origin, version) => {
        const { ref, registry } = originOf<'oci'>(origin);
        return { type: 'oci', ref, version, registry };
      },
    },
  );
