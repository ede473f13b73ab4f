// The demo chart repository of `./berth start`: the demo project's charts
// (examples/charts/*) and the import demo's (examples/import-charts/charts/*),
// packaged with `helm package`, indexed with `helm repo index`, served over
// HTTP on loopback, and configured as berth.helm.repositories entry "demo"
// through an extra app-config file, which also allows loopback addresses
// (berth.outbound.allowAddresses) for it.
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The local control plane's helm (newest build), else `helm` on the PATH. */
export function findHelm() {
  const cache = join(
    process.env.BERTH_CACHE_DIR ?? join(homedir(), '.cache', 'berth'),
    'controlplane',
  );
  if (existsSync(cache)) {
    const builds = readdirSync(cache)
      .map(dir => join(cache, dir, 'bin', 'helm'))
      .filter(path => existsSync(path))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    if (builds.length > 0) return builds[0];
  }
  return 'helm';
}

/** Chart folders (holding a Chart.yaml) directly under each folder. */
function chartDirs(folders) {
  return folders.flatMap(folder =>
    existsSync(folder)
      ? readdirSync(folder)
          .map(name => join(folder, name))
          .filter(dir => existsSync(join(dir, 'Chart.yaml')))
      : [],
  );
}

/**
 * Starts the repository; returns its URL, the app-config file naming it and
 * `stop()`.
 */
export async function startDemoChartRepository(
  repoRoot,
  { name = 'demo' } = {},
) {
  const helm = findHelm();
  const dir = mkdtempSync(join(tmpdir(), 'berth-demo-charts-'));
  const server = createServer(async (req, res) => {
    const file = basename(decodeURIComponent((req.url ?? '/').split('?')[0]));
    if (!/^[\w.+-]+\.(tgz|yaml)$/.test(file)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(dir, file));
      res.writeHead(200, {
        'content-type': file.endsWith('.yaml')
          ? 'application/x-yaml'
          : 'application/gzip',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const charts = chartDirs([
    join(repoRoot, 'examples', 'charts'),
    join(repoRoot, 'examples', 'import-charts', 'charts'),
  ]);
  for (const chart of charts) {
    await run(helm, ['package', chart, '--destination', dir]);
  }
  await run(helm, ['repo', 'index', dir, '--url', url]);
  const configFile = join(dir, 'app-config.demo-charts.yaml');
  // JSON is valid YAML.
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        berth: {
          helm: { repositories: [{ name, url }] },
          // The repository runs on loopback, which outbound fetches refuse
          // unless it is listed. An app-config.local.yaml that sets its own
          // berth.outbound.allowAddresses replaces this list.
          outbound: { allowAddresses: ['127.0.0.0/8', '::1/128'] },
        },
      },
      null,
      2,
    ),
  );
  return {
    url,
    configFile,
    charts: charts.map(c => basename(c)),
    stop() {
      server.closeAllConnections?.();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
