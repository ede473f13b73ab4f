import { ChartInfo } from '@berth/plugin-berth-common';

/** The source of a service revision on an imported chart archive. */
export function archiveSource(chart: ChartInfo) {
  return {
    type: 'archive' as const,
    digest: chart.digest,
    name: chart.metadata.name,
    version: chart.metadata.version,
    origin: chart.origin,
  };
}
