import { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { BerthChartSourceContext } from '@berth/plugin-berth-node';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A chart source context for testing a chart source's `listCharts`,
 * `listVersions` and `fetchChart`.
 *
 * @public
 */
export function createMockChartSourceContext(
  options: {
    logger?: LoggerService;
    signal?: AbortSignal;
    /** Default: a new temporary directory. */
    workDir?: string;
  } = {},
): BerthChartSourceContext {
  return {
    logger: options.logger ?? mockServices.logger.mock(),
    signal: options.signal,
    workDir:
      options.workDir ??
      mkdtempSync(join(tmpdir(), 'berth-chart-source-test-')),
  };
}
