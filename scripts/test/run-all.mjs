// `./berth test`: lint, type check and every test suite, in order, with a
// closing summary of the counts. Usage: node scripts/test/run-all.mjs
// [--only lint,types,unit,database,controlplane,integration,browser]
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { since, step } from '../lib/log.mjs';
import { run, runCaptured } from '../lib/run.mjs';
import {
  readJestCounts,
  readJestFailures,
  readPlaywrightCounts,
  readPlaywrightFailures,
} from './jest-results.mjs';
import { startPostgres } from './postgres.mjs';
import { clusterStatus, stopClusters } from '../local-clusters/index.mjs';

const resultsDir = '.berth-test-results';
const yarn = (...args) => run('yarn', args);
const jest = (name, args, env = {}) =>
  run(
    'yarn',
    [
      'backstage-cli',
      'repo',
      'test',
      '--ci',
      '--json',
      `--outputFile=${join(resultsDir, `${name}.json`)}`,
      ...args,
    ],
    { env: { ...process.env, CI: 'true', ...env } },
  );

/**
 * The local clusters the run's steps start (Jest's global setup, the portal)
 * stay up for the next step and are stopped when the run ends; clusters that
 * were running before the run are left as they were.
 */
async function runningClusters() {
  return new Set(
    (await clusterStatus()).filter(c => c.healthy).map(c => c.name),
  );
}

async function stopClustersStartedSince(runningBefore) {
  const started = (await clusterStatus())
    .map(c => c.name)
    .filter(name => !runningBefore.has(name));
  if (started.length) {
    step(`Stopping the local clusters this run started: ${started.join(', ')}`);
    await stopClusters(started);
  }
}

/** Integration files that stop and restart local-east's real node. */
const NODE_RESTARTING_TESTS = 'realNode(Crash)?\\.int\\.test\\.ts$';

/** The counts of two Jest reports of one step (either may be missing). */
function sumCounts(a, b) {
  if (!a || !b) return a ?? b;
  return {
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
  };
}

const suites = [
  {
    id: 'lint',
    title:
      'Lint (ESLint over every package, Prettier over the repo, the OpenAPI spec, backend folder cycles)',
    run: async () =>
      (await yarn('backstage-cli', 'repo', 'lint')) ||
      (await yarn('prettier', '--check', '--loglevel', 'warn', '.')) ||
      (await yarn(
        'backstage-repo-tools',
        'repo',
        'schema',
        'openapi',
        'lint',
      )) ||
      yarn('node', 'scripts/check-folder-cycles.mjs'),
  },
  {
    id: 'types',
    title: 'Type check (tsc, strict; started with the first step, beside it)',
    // tsc uses one core and lint mostly another: the type check starts
    // with the run, and its step prints what it found.
    startEarly: () => runCaptured('yarn', ['tsc']),
    async run(early) {
      const { code, output } = await early;
      if (output.trim()) console.log(output.trimEnd());
      return code;
    },
  },
  {
    id: 'unit',
    title: 'Unit and component tests (Jest)',
    run: () =>
      jest('unit', [
        '--testPathIgnorePatterns',
        '\\.(db|int|bench)\\.test\\.tsx?$',
      ]),
    counts: () => readJestCounts(join(resultsDir, 'unit.json')),
    failures: () => readJestFailures(join(resultsDir, 'unit.json')),
  },
  {
    id: 'database',
    title: 'Database tests on SQLite and PostgreSQL (Jest, TestDatabases)',
    async run() {
      const started = Date.now();
      const pg = await startPostgres();
      console.log(
        `PostgreSQL ${pg.version} on 127.0.0.1:${pg.port} (${since(started)})`,
      );
      try {
        return await jest(
          'database',
          ['--testPathPatterns', '\\.db\\.test\\.tsx?$', '--verbose'],
          {
            BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:
              pg.connectionString,
          },
        );
      } finally {
        await pg.stop();
      }
    },
    counts: () => readJestCounts(join(resultsDir, 'database.json')),
    failures: () => readJestFailures(join(resultsDir, 'database.json')),
  },
  {
    id: 'controlplane',
    title:
      'Local Kubernetes control plane: build from Go modules, or reuse the cache',
    run: () => run('bash', ['tools/build.sh']),
  },
  {
    id: 'integration',
    title:
      'Integration tests against the local clusters (Jest global setup starts them) and PostgreSQL',
    // The crash tests run the real backend as child processes on a
    // PostgreSQL server of this step (a database prefix per test file).
    run: async () => {
      const started = Date.now();
      const pg = await startPostgres({ maxConnections: 500 });
      console.log(
        `PostgreSQL ${pg.version} on 127.0.0.1:${pg.port} (${since(started)})`,
      );
      const env = {
        BERTH_INTEGRATION: '1',
        // The next files (and the browser step) reuse the clusters; the
        // run stops them at its end.
        BERTH_KEEP_CLUSTERS: '1',
        BERTH_TEST_POSTGRES_CONNECTION_STRING: pg.connectionString,
        // TestDatabases (createBerthTestDatabases) in integration files.
        BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:
          pg.connectionString,
      };
      try {
        // The files that stop and restart the real node (its registry
        // moves) run after the others, alone: a build or a Job of another
        // file running at that moment would lose its node.
        const first = await jest(
          'integration',
          [
            '--testPathPatterns',
            '\\.int\\.test\\.tsx?$',
            '--testPathIgnorePatterns',
            NODE_RESTARTING_TESTS,
            '--verbose',
          ],
          env,
        );
        const second = await jest(
          'integration-node-restarts',
          [
            '--testPathPatterns',
            NODE_RESTARTING_TESTS,
            '--runInBand',
            '--verbose',
          ],
          env,
        );
        return first || second;
      } finally {
        await pg.stop();
      }
    },
    counts: () =>
      sumCounts(
        readJestCounts(join(resultsDir, 'integration.json')),
        readJestCounts(join(resultsDir, 'integration-node-restarts.json')),
      ),
    failures: () => [
      ...readJestFailures(join(resultsDir, 'integration.json')),
      ...readJestFailures(join(resultsDir, 'integration-node-restarts.json')),
    ],
  },
  {
    id: 'browser',
    title:
      'Browser tests (Playwright, Debian Chromium, against the portal on the local clusters)',
    run: () =>
      run('yarn', ['playwright', 'test'], {
        env: { ...process.env, CI: 'true' },
      }),
    counts: () => readPlaywrightCounts('e2e-test-report/results.json'),
    failures: () => readPlaywrightFailures('e2e-test-report/results.json'),
  },
];

function selectedSuites() {
  const at = process.argv.indexOf('--only');
  if (at === -1) return suites;
  const ids = (process.argv[at + 1] ?? '').split(',');
  const unknown = ids.filter(id => !suites.some(s => s.id === id));
  if (unknown.length) {
    throw new Error(
      `Unknown suite(s) ${unknown.join(', ')}; known: ${suites
        .map(s => s.id)
        .join(', ')}`,
    );
  }
  return suites.filter(s => ids.includes(s.id));
}

const chosen = selectedSuites();
rmSync(resultsDir, { recursive: true, force: true });
rmSync('e2e-test-report', { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const started = Date.now();
const early = new Map(
  chosen
    .filter(suite => suite.startEarly)
    .map(suite => [suite, suite.startEarly().catch(error => error)]),
);
const clustersBefore = await runningClusters();
const outcomes = [];
for (const [index, suite] of chosen.entries()) {
  step(`[${index + 1}/${chosen.length}] ${suite.title}`);
  const suiteStart = early.has(suite) ? started : Date.now();
  let code;
  try {
    const earlyResult = await early.get(suite);
    if (earlyResult instanceof Error) throw earlyResult;
    code = await suite.run(earlyResult);
  } catch (error) {
    console.error(error);
    code = 1;
  }
  const counts = suite.counts?.();
  const failures = suite.failures?.() ?? [];
  outcomes.push({ suite, code, counts, failures, time: since(suiteStart) });
}

await stopClustersStartedSince(clustersBefore);

// The failures again, just above the summary: a CI log is often read from
// its end.
const failures = outcomes.flatMap(o =>
  o.failures.map(f => `  [${o.suite.id}] ${f}`),
);
if (failures.length) {
  step(`Failures (${failures.length})`);
  console.log(failures.join('\n\n'));
}

step(`Summary (${since(started)})`);
let passed = 0;
let failed = 0;
for (const { suite, code, counts, time } of outcomes) {
  const status = code === 0 ? 'ok  ' : 'FAIL';
  const detail = counts
    ? `${counts.passed} passed, ${counts.failed} failed${
        counts.skipped ? `, ${counts.skipped} skipped` : ''
      }`
    : code === 0
    ? 'clean'
    : `exit code ${code}`;
  console.log(`  ${status} ${suite.id.padEnd(9)} ${detail} (${time})`);
  passed += counts?.passed ?? 0;
  failed += counts?.failed ?? 0;
  if (code !== 0 && !counts?.failed) failed += 1; // a failed step counts once
}
console.log(`Total: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || outcomes.some(o => o.code !== 0) ? 1 : 0;
