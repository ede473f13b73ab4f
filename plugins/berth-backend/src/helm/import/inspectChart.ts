import { ChartImportItem, ChartInfo } from '@berth/plugin-berth-common';
import { newFetchContext } from '../ChartFetcher';
import { HelmImportContext } from './HelmImportContext';

/** Fetches and inspects a chart without storing anything. */
export async function inspectChart(
  ctx: HelmImportContext,
  source: ChartImportItem['source'],
): Promise<ChartInfo> {
  if (source.type === 'archive') return ctx.archives.get(source.digest);
  await ctx.credentials?.refresh();
  return (await ctx.sources.prepare(source, newFetchContext())).info;
}
