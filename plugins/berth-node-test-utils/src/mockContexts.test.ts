import { BerthChartSource, BerthJobType } from '@berth/plugin-berth-node';
import { existsSync, statSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { createMockChartSourceContext } from './createMockChartSourceContext';
import { createMockJobContext } from './createMockJobContext';

describe('createMockJobContext', () => {
  const greet: BerthJobType<{ name: string }> = {
    name: 'Greet',
    inputSchema: z.object({ name: z.string() }),
    async run(context) {
      context.logger.info(`hello ${context.params.name}`);
      context.output('greeting', `hello ${context.params.name}`);
      context.output('attempt', context.run.attempt);
    },
  };

  it('runs a job type with its params and records its outputs', async () => {
    const params = greet.inputSchema.parse({ name: 'cart' });
    const context = createMockJobContext({ params, run: { attempt: 2 } });

    await greet.run(context);

    expect(context.outputs).toEqual({ greeting: 'hello cart', attempt: 2 });
    expect(context.logger.info).toHaveBeenCalledWith('hello cart');
    expect(context.signal.aborted).toBe(false);
    expect(statSync(context.workDir).isDirectory()).toBe(true);
    await rm(context.workDir, { recursive: true });
  });
});

describe('createMockChartSourceContext', () => {
  const source: BerthChartSource = {
    async listCharts() {
      return [{ name: 'cart', versions: [{ version: '1.0.0' }] }];
    },
    async fetchChart(request, context) {
      const archivePath = join(
        context.workDir,
        `${request.chart}-${request.version}.tgz`,
      );
      await writeFile(archivePath, 'not really a chart');
      return { archivePath };
    },
  };

  it('gives a chart source a work directory to fetch into', async () => {
    const context = createMockChartSourceContext();

    const fetched = await source.fetchChart(
      { chart: 'cart', version: '1.0.0' },
      context,
    );

    expect(fetched.archivePath).toBe(join(context.workDir, 'cart-1.0.0.tgz'));
    expect(existsSync(fetched.archivePath!)).toBe(true);
    expect(await readFile(fetched.archivePath!, 'utf8')).toBe(
      'not really a chart',
    );
    expect(await source.listCharts!(context)).toEqual([
      { name: 'cart', versions: [{ version: '1.0.0' }] },
    ]);
    await rm(context.workDir, { recursive: true });
  });
});
