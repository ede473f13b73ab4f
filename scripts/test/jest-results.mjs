import { existsSync, readFileSync } from 'node:fs';

/** Counts from a Jest `--json --outputFile` report. */
export function readJestCounts(file) {
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0),
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/** Counts from a Playwright JSON report. */
export function readPlaywrightCounts(file) {
  if (!existsSync(file)) return undefined;
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: stats.expected,
    failed: stats.unexpected + stats.flaky,
    skipped: stats.skipped,
  };
}

const firstLines = (text, count) =>
  text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .filter(line => line.trim())
    .slice(0, count)
    .map(line => `      ${line}`)
    .join('\n');

/** The failed tests of a Jest report, each with the start of its error. */
export function readJestFailures(file) {
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const cwd = `${process.cwd()}/`;
  return report.testResults.flatMap(suite => {
    const name = suite.name.replace(cwd, '');
    const failed = suite.assertionResults.filter(a => a.status === 'failed');
    if (!failed.length && suite.status === 'failed') {
      return [`${name}\n${firstLines(suite.message ?? '', 12)}`];
    }
    return failed.map(
      a =>
        `${name} › ${a.fullName}\n${firstLines(
          a.failureMessages.join('\n'),
          12,
        )}`,
    );
  });
}

/** The failed tests of a Playwright JSON report, each with its first error. */
export function readPlaywrightFailures(file) {
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const out = [];
  const visit = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected' && t.status !== 'flaky') continue;
        const errors = t.results.flatMap(r => r.errors ?? []);
        out.push(
          `${spec.file}:${spec.line} › ${[...titles, spec.title].join(
            ' › ',
          )}\n${firstLines(errors.map(e => e.message ?? '').join('\n'), 16)}`,
        );
      }
    }
    for (const child of suite.suites ?? [])
      visit(
        child,
        suite.title && !suite.file ? [...titles, suite.title] : titles,
      );
  };
  for (const suite of report.suites ?? []) visit(suite, []);
  return out;
}
