import {
  GitChartDirectory,
  HelmRegistrySummary,
  HelmRepositorySummary,
} from '@berth/plugin-berth-common';
import { newFetchContext } from '../ChartFetcher';
import { listChartDirectories } from '../gitCharts';
import { HelmImportContext } from './HelmImportContext';

/** What a configured repository or registry may have to sign in with. */
interface Credentials {
  username?: string;
  password?: string;
  credentialsSecret?: unknown;
}

/**
 * Configured repositories or registries as listed: their `fields`, and
 * whether they have credentials of any kind (never the credentials).
 */
function withoutCredentials<T extends Credentials, K extends keyof T>(
  sources: T[],
  fields: K[],
): (Pick<T, K> & { authenticated: boolean })[] {
  return sources.map(source => ({
    ...(Object.fromEntries(fields.map(f => [f, source[f]])) as Pick<T, K>),
    authenticated: Boolean(
      source.username || source.password || source.credentialsSecret,
    ),
  }));
}

/** The configured chart repositories (no credentials). */
export function listRepositories(
  ctx: Pick<HelmImportContext, 'config'>,
): HelmRepositorySummary[] {
  return withoutCredentials(ctx.config.repositories, ['name', 'url']);
}

/** The configured OCI registries (no credentials). */
export function listRegistries(
  ctx: Pick<HelmImportContext, 'config'>,
): HelmRegistrySummary[] {
  return withoutCredentials(ctx.config.registries, ['name', 'host']);
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
