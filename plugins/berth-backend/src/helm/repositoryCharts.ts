import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RepositoryChartRef } from '../charts/chartTypes';
import { sha256 } from './ChartArchiveStore';
import { ChartFetcher } from './ChartFetcher';
import { HelmImportConfig } from './helmConfig';
import { readChartArchive } from './readChartArchive';

export type { RepositoryChartRef } from '../charts/chartTypes';

/**
 * Repository charts at deploy time: fetched through the outbound guard (the
 * repository URL, every redirect, the registry token realm checked) and
 * written as `<cacheDir>/repo-<digest>.tgz`, so that helm is handed a local
 * file and never reaches the network itself. A repository that may not be
 * fetched from is an InputError before any request.
 */
export class RepositoryCharts {
  private readonly fetcher: ChartFetcher;

  constructor(
    private readonly deps: { config: HelmImportConfig; helm: string },
  ) {
    this.fetcher = new ChartFetcher({ config: deps.config, helm: deps.helm });
  }

  /** Refuses a repository URL the guard does not allow (before anything runs). */
  async assertAllowed(chart: RepositoryChartRef): Promise<void> {
    await this.fetcher.assertRepositoryAllowed(chart.repoUrl, 'Chart');
  }

  /** The chart as a local .tgz file for helm. */
  async materialize(chart: RepositoryChartRef): Promise<string> {
    await this.assertAllowed(chart);
    const content = await this.fetcher.repositoryChart(chart);
    const { limits, cacheDir } = this.deps.config;
    await readChartArchive(
      content,
      limits,
      `chart '${chart.name}' ${chart.version} of ${chart.repoUrl}`,
    );
    const digest = sha256(content);
    const file = join(cacheDir, `repo-${digest}.tgz`);
    if (!existsSync(file)) {
      await mkdir(cacheDir, { recursive: true });
      const partial = `${file}.${process.pid}.${Date.now()}.partial`;
      await writeFile(partial, content, { mode: 0o600 });
      await rename(partial, file);
    }
    return file;
  }
}
