import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server } from 'node:http';
import berthExamplePolicyModule from '../permissions/berthExamplePolicyModule';
import {
  identities,
  startPermissionBackend,
} from '../permissions/__testUtils__/permissionBackend';
import { ContractScenario, ContractTarget, runScenario } from './contract';
import { backendTarget, fakeTarget, readSeed } from './targets';
import { scenarios } from './scenarios';

// The contract test: every scenario runs against the frontend's fake
// (FakeBerthApi) and against BerthClient on the real backend (the router
// generated from openapi.yaml, SQLite, the local clusters), and both must
// observe the same: results (ids, times, digests normalised), and for errors
// the status, the error's name and its message.
jest.setTimeout(600_000);

const project = `ct-${Math.random().toString(36).slice(2, 8)}`;
const clusterConfig = JSON.parse(
  readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
);
const clusters = clusterConfig.kubernetes.clusterLocatorMethods[0].clusters.map(
  (c: { name: string }) => c.name,
) as [string, string];

/** A folder to write the seed and each scenario's transcripts to, to study a difference. */
const dump = process.env.BERTH_CONTRACT_DUMP;

describe('the fake Berth API keeps the backend contract', () => {
  let backend: Awaited<ReturnType<typeof backendTarget>>;
  let fake: ContractTarget;

  beforeAll(async () => {
    const server = await startPermissionBackend({
      policy: berthExamplePolicyModule,
      seeded: project,
    });
    backend = backendTarget({
      server: server as Server,
      headers: identities.admin,
      project: { namespace: 'default', name: project },
      clusters,
    });
    const seed = await readSeed(backend.api, backend.project);
    fake = fakeTarget(seed, {
      project: backend.project,
      clusters,
      actor: 'user:default/ada',
    });
    if (dump) {
      mkdirSync(dump, { recursive: true });
      writeFileSync(
        join(dump, 'seed.json'),
        JSON.stringify({ seed, project: backend.project, clusters }, null, 2),
      );
    }
  });

  afterAll(async () => {
    if (!backend) return;
    const { api } = backend;
    const left = await api.listEnvironments(backend.project);
    await Promise.all(
      left.map(async environment => {
        try {
          const { operation } = await api.deleteEnvironment(environment.id);
          await runScenario(
            {
              domain: 'cleanup',
              name: 'delete',
              run: async c => {
                await c.settle(environment.id, operation.id);
              },
            },
            backend,
            'cleanup',
          );
        } catch {
          // Already being deleted by its scenario.
        }
      }),
    );
  });

  it('has at least 40 scenarios over every domain', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(40);
    expect(new Set(scenarios.map(s => s.domain))).toEqual(
      new Set(['projects', 'environments', 'lifecycle', 'operations', 'helm']),
    );
  });

  it.each(scenarios.map((s, i) => [`${s.domain}: ${s.name}`, s, i] as const))(
    '%s',
    async (_, scenario: ContractScenario, index: number) => {
      const prefix = `c${String(index + 1).padStart(2, '0')}`;
      const fromBackend = await runScenario(scenario, backend, prefix);
      const fromFake = await runScenario(scenario, fake, prefix);
      if (dump) {
        writeFileSync(
          join(dump, `${prefix}.json`),
          JSON.stringify({ fromBackend, fromFake }, null, 2),
        );
      }
      expect(fromFake).toEqual(fromBackend);
    },
  );
});
