import {
  BerthApi,
  BerthClient,
  BerthCluster,
  BerthProject,
  BerthRegistry,
  HelmRegistrySummary,
  HelmRepositorySummary,
  ProjectRef,
  ServiceRevision,
} from '@berth/plugin-berth-common';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
// The frontend's in-memory API (a test utility of the frontend plugin): the
// subject of the contract test, beside the real backend.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { FakeBerthApi } from '../../../../plugins/berth/src/testUtils/FakeBerthApi';
import { ContractTarget } from './contract';

/** The real backend, reached through BerthClient with the given headers (an identity). */
export function backendTarget(options: {
  server: Server;
  headers: Record<string, string>;
  project: ProjectRef;
  clusters: [string, string];
}): ContractTarget & { api: BerthClient } {
  const { port } = options.server.address() as AddressInfo;
  const api = new BerthClient({
    discoveryApi: {
      getBaseUrl: async () => `http://127.0.0.1:${port}/api/berth`,
    },
    fetchApi: {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: {
            ...(init?.headers as Record<string, string>),
            ...options.headers,
          },
        }),
    },
  });
  return {
    label: 'backend',
    api,
    project: options.project,
    clusters: options.clusters,
    advance: async () => {},
  };
}

/** What the fake starts from: what the backend holds before the scenarios run. */
export interface FakeSeed {
  clusters: BerthCluster[];
  project: BerthProject;
  revisions: Record<string, ServiceRevision[]>;
  repositories: HelmRepositorySummary[];
  registries: HelmRegistrySummary[];
  imageRegistries: BerthRegistry[];
}

/** Reads the seed of the fake from the backend: its clusters, the project (with its service and revisions), its registries. */
export async function readSeed(
  real: BerthApi,
  project: ProjectRef,
): Promise<FakeSeed> {
  const found = await real.getProject(project);
  const revisions = Object.fromEntries(
    await Promise.all(
      found.services.map(async service => [
        `${found.ref}/${service.name}`,
        (await real.listServiceRevisions(project, service.name)).reverse(),
      ]),
    ),
  );
  return {
    clusters: await real.listClusters(),
    project: found,
    revisions,
    repositories: await real.listHelmRepositories(),
    registries: await real.listHelmRegistries(),
    imageRegistries: await real.listRegistries(),
  };
}

/** The fake, holding the seed and nothing else (no environments). */
export function fakeTarget(
  seed: FakeSeed,
  options: { project: ProjectRef; clusters: [string, string]; actor: string },
): ContractTarget & { api: FakeBerthApi } {
  const api = new FakeBerthApi(
    {
      clusters: seed.clusters,
      projects: [seed.project],
      environments: [],
      statuses: [],
      deployments: [],
      pods: {},
      events: {},
      logs: {},
      helm: {
        repositories: seed.repositories,
        registries: seed.registries,
        listings: {},
        gitTrees: {},
        charts: [],
        uploads: {},
        revisions: seed.revisions,
        valuesFiles: {},
        previews: {},
      },
      lifecycle: { registries: seed.imageRegistries },
    },
    { actor: options.actor },
  );
  return {
    label: 'fake',
    api,
    project: options.project,
    clusters: options.clusters,
    advance: async environmentId => api.settle(environmentId),
  };
}
