import { ChartInfo } from '@berth/plugin-berth-common';
import { HelmImportContext } from './HelmImportContext';

/** Checks and stores an uploaded archive. */
export async function uploadChart(
  ctx: HelmImportContext,
  content: Buffer,
  filename: string,
): Promise<ChartInfo> {
  await ctx.credentials?.refresh();
  const prepared = await ctx.fetcher.prepareUpload(content, filename);
  return ctx.archives.put(prepared);
}
