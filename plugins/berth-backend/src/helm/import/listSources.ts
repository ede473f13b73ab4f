import {
  GitChartDirectory,
  HelmRegistrySummary,
  HelmRepositorySummary,
} from '@berth/plugin-berth-common';
import { newFetchContext } from '../ChartFetcher';
import { listChartDirectories } from '../gitCharts';
import { HelmImportContext } from './HelmImportContext';

/** Whether a configured repository or registry has credentials of any kind. */
function hasCredentials(source: {
  username?: string;
  password?: string;
  credentialsSecret?: unknown;
}): boolean {
  return Boolean(
    source.username || source.password || source.credentialsSecret,
  );
}

/** The configured chart repositories (no credentials). */
export function listRepositories(
  ctx: Pick<HelmImportContext, 'config'>,
): HelmRepositorySummary[] {
  return ctx.config.repositories.map(r => ({
    name: r.name,
    url: r.url,
    authenticated: hasCredentials(r),
  }));
}

/** The configured OCI registries (no credentials). */
export function listRegistries(
  ctx: Pick<HelmImportContext, 'config'>,
): HelmRegistrySummary[] {
  return ctx.config.registries.map(r => ({
    name: r.name,
    host: r.host,
    authenticated: hasCredentials(r),
  }));
}

/** The charts of a repository's index.yaml. */
export async function listCharts(
  ctx: HelmImportContext,
  input: { repository?: string; url?: string },
) {
  await ctx.credentials?.refresh();
  return ctx.fetcher.listCharts(input);
}

/** The chart folders of a Git tree. */
export async function listGitCharts(
  ctx: HelmImportContext,
  url: string,
): Promise<GitChartDirectory[]> {
  return listChartDirectories(
    await ctx.fetcher.gitTree(url, newFetchContext()),
  );
}
