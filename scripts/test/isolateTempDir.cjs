'use strict';
// A temporary directory of its own for every Jest test file. Each package's
// src/setupTests.ts calls isolateTempDir(); Jest runs that before each test
// file, so suites never see one another's files in a shared temporary
// directory (a suite that counts its own leftovers found another's folder).
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { runInThisContext } = require('node:vm');

/** Where the per-file directories go: the temporary directory the worker started with. */
const BASE = 'BERTH_TEST_TMPDIR_BASE';

/**
 * Makes `<base>/berth-jest-XXXXXX`, points TMPDIR (and so os.tmpdir() and
 * the child processes the file starts) at it, and removes it after the
 * file's tests. Returns its path.
 *
 * Jest gives each test file a copy of process.env, while os.tmpdir() and
 * child_process read the real one, which outlives the file in its worker:
 * the base is remembered there once, so a later file never nests in an
 * earlier file's directory.
 *
 * @returns {string}
 */
function isolateTempDir() {
  /** @type {NodeJS.Process} */
  const real = runInThisContext('process');
  if (!real.env[BASE]) real.env[BASE] = tmpdir();
  const base = real.env[BASE];
  const dir = mkdtempSync(join(base, 'berth-jest-'));
  const point = (/** @type {string} */ path) => {
    real.env.TMPDIR = path;
    process.env.TMPDIR = path;
  };
  process.env[BASE] = base;
  point(dir);
  afterAll(() => {
    point(base);
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });
  return dir;
}

module.exports = { isolateTempDir, BERTH_TEST_TMPDIR_BASE: BASE };
