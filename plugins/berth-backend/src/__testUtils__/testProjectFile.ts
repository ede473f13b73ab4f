import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The chart the integration tests deploy. */
export const HELLO_CHART = resolve(
  __dirname,
  '../../test-fixtures/charts/hello',
);

/**
 * Writes a project file in the demo format (see examples/demo-project.yaml)
 * for `berth.demo.projectFile`: Helm services over the hello chart, all in one
 * start-order group unless groups are given. Returns its path.
 */
export function writeTestProjectFile(
  project: string,
  options: {
    services?: string[];
    groups?: string[][];
    values?: string;
    /** The chart directory; default the hello chart. */
    chart?: string;
  } = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-project-'));
  const services = options.services ?? ['hello'];
  let valuesFile: string | undefined;
  if (options.values) {
    valuesFile = join(dir, 'values.yaml');
    writeFileSync(valuesFile, options.values);
  }
  const file = join(dir, 'project.yaml');
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      project: `system:default/${project}`,
      services: services.map(name => ({
        name,
        component: `component:default/${name}`,
        kind: 'helm',
        helm: {
          chart: options.chart ?? HELLO_CHART,
          ...(valuesFile && { values: valuesFile }),
          images: [
            {
              name: 'main',
              repositoryPath: 'image.repository',
              tagPath: 'image.tag',
            },
          ],
        },
      })),
      startOrder: (options.groups ?? [services]).map((group, i) => ({
        name: `group-${i}`,
        services: group,
      })),
    }),
  );
  return file;
}
