import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { findHelmBinary } from '../deployments/findHelmBinary';
import { directoryUrlReader } from '../helm/__testUtils__/directoryUrlReader';
import { berthPlugin } from '../plugin';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';

// bench/helm-import: CHARTS charts of one Git tree imported in ONE request
// (read once, fetched and packed in parallel), against a baseline in the
// same run: the same number of charts (another tree, so nothing is shared)
// imported one request each, one after another. Prints both times, the
// per-chart cost and the ratio. Run with bench/helm-import/run.sh.
const CHARTS = Number(process.env.BENCH_CHARTS ?? 100);
jest.setTimeout(30 * 60 * 1000);

const template = resolve(
  __dirname,
  '../../test-fixtures/import-charts/tree/charts/web',
);
const GIT_A = 'https://git.example.com/acme/batch/tree/main';
const GIT_B = 'https://git.example.com/acme/single/tree/main';
const names = Array.from(
  { length: CHARTS },
  (_, i) => `chart-${String(i).padStart(3, '0')}`,
);

/** A tree of CHARTS chart folders (charts/chart-NNN), each its own chart. */
function writeTree(kind: string): string {
  const root = mkdtempSync(join(tmpdir(), `berth-bench-tree-${kind}-`));
  for (const name of names) {
    const dir = join(root, 'charts', name);
    cpSync(template, dir, { recursive: true });
    writeFileSync(
      join(dir, 'Chart.yaml'),
      `apiVersion: v2\nname: ${name}\ndescription: ${kind} bench chart ${name}\nversion: 0.1.0\n`,
    );
  }
  return root;
}

it(`imports ${CHARTS} charts from one tree in one request`, async () => {
  const treeA = writeTree('batch');
  const treeB = writeTree('single');
  const readerA = directoryUrlReader(GIT_A, treeA);
  const readerB = directoryUrlReader(GIT_B, treeB);
  const reader = {
    readTree: (url: string, o?: any) =>
      url.startsWith(GIT_A)
        ? readerA.readTree(url, o)
        : readerB.readTree(url, o),
    readUrl: (url: string, o?: any) =>
      url.startsWith(GIT_A) ? readerA.readUrl(url, o) : readerB.readUrl(url, o),
    search: readerA.search,
  };
  const project = `bench-${Math.random().toString(36).slice(2, 7)}`;
  const backend = await startTestBackend({
    features: [
      berthPlugin,
      mockServices.rootConfig.factory({
        data: {
          berth: {
            demo: { projectFile: writeTestProjectFile(project) },
            // The trees' Git host (read through the directory reader).
            helm: {
              binary: findHelmBinary(),
              import: { allowedHosts: ['git.example.com'] },
            },
          },
        },
      }),
      createServiceFactory({
        service: coreServices.urlReader,
        deps: {},
        factory: () => reader as any,
      }),
    ],
  });
  const { server } = backend;
  const path = `/api/berth/projects/default/${project}/helm/import`;

  // Baseline: one request per chart, one after another.
  const baselineStart = performance.now();
  for (const name of names) {
    const res = await request(server)
      .post(path)
      .send({
        items: [
          {
            source: { type: 'git', url: GIT_B, path: `charts/${name}` },
            service: `s-${name}`,
          },
        ],
      });
    expect(res.status).toBe(200);
  }
  const baselineMs = performance.now() - baselineStart;

  // Berth's way: all charts in one request.
  const batchStart = performance.now();
  const res = await request(server)
    .post(path)
    .send({
      items: names.map(name => ({
        source: { type: 'git', url: GIT_A, path: `charts/${name}` },
        service: `b-${name}`,
      })),
    });
  const batchMs = performance.now() - batchStart;
  expect(res.status).toBe(200);
  expect(res.body.created).toBe(CHARTS);
  expect(readerA.reads.get(GIT_A)).toBe(1);
  expect(readerB.reads.get(GIT_B)).toBe(CHARTS);

  const project_ = await request(server).get(
    `/api/berth/projects/default/${project}`,
  );
  expect(project_.body.services).toHaveLength(2 * CHARTS + 1);

  const s = (ms: number) => (ms / 1000).toFixed(2);
  const lines = [
    `bench/helm-import (${new Date().toISOString()}, ${CHARTS} charts, Git tree through the URL reader interface, SQLite in memory)`,
    `one request, ${CHARTS} charts:       ${s(batchMs)} s (target <= 30 s), ${(
      batchMs / CHARTS
    ).toFixed(1)} ms per chart`,
    `baseline, ${CHARTS} requests in turn: ${s(baselineMs)} s, ${(
      baselineMs / CHARTS
    ).toFixed(1)} ms per chart`,
    `ratio one request / baseline:  ${(batchMs / baselineMs).toFixed(3)}`,
  ];
  // eslint-disable-next-line no-console
  console.log(lines.join('\n'));
  if (process.env.BENCH_OUT) {
    writeFileSync(
      join(process.env.BENCH_OUT, 'helm-import.txt'),
      `${lines.join('\n')}\n`,
    );
  }
  await backend.stop();
  rmSync(treeA, { recursive: true, force: true });
  rmSync(treeB, { recursive: true, force: true });
});
