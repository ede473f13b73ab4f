import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { ClusterRegistry } from '../../../clusters/ClusterRegistry';
import { EnvironmentStore } from '../../../database/EnvironmentStore';
import { DeploymentStore } from '../../../deployments/DeploymentStore';
import { Deployer, ServiceDeployment } from '../../../deployments/Deployer';
import { DeployOrchestrator } from '../../../deployments/DeployOrchestrator';
import { EnvironmentService } from '../../../environments/EnvironmentService';
import { NamespaceManager } from '../../../environments/NamespaceManager';
import { deployHandlers } from '../../../operationHandlers/deployHandler';
import { EnvironmentOperations } from '../../../operations/EnvironmentOperations';
import { OperationEngine } from '../../../operations/OperationEngine';
import { OperationStore } from '../../../operations/OperationStore';
import { ProjectService } from '../../../projects/ProjectService';
import { ProjectStore } from '../../../projects/ProjectStore';
import { ServiceStore } from '../../../services/ServiceStore';
import { DeployJobDeps } from '../deployJobType';

export const SHOP = 'system:default/shop';
export const BANK = 'system:default/bank';

/**
 * The Kubernetes boundary of a deploy: records every deployment it is
 * given; `hold()` makes the next deploys wait until `release()`, `fail`
 * makes them throw.
 */
export class RecordingDeployer implements Deployer {
  readonly deployed: ServiceDeployment[] = [];
  fail?: string;
  private gate?: Promise<void>;
  private open: () => void = () => undefined;
  private reached: Array<() => void> = [];

  hold() {
    this.gate = new Promise(resolve => {
      this.open = resolve;
    });
  }

  release() {
    this.gate = undefined;
    this.open();
  }

  /** Resolves when a deploy is waiting at the gate. */
  waiting(): Promise<void> {
    return new Promise(resolve => this.reached.push(resolve));
  }

  async deploy(
    deployment: ServiceDeployment,
    options?: { signal?: AbortSignal },
  ) {
    this.deployed.push(deployment);
    if (this.gate) {
      this.reached.splice(0).forEach(r => r());
      const gate = this.gate;
      await new Promise<void>((resolve, reject) => {
        gate.then(resolve);
        options?.signal?.addEventListener('abort', () =>
          reject(options.signal?.reason),
        );
      });
    }
    if (this.fail) throw new Error(this.fail);
    return { helmRevision: 1, manifest: '' };
  }

  async waitUntilReady() {}

  async remove() {}
}

const CART_SPEC = {
  kind: 'helm' as const,
  chart: {
    type: 'repository' as const,
    url: 'https://charts.example.com',
    name: 'cart',
    version: '1.0.0',
  },
  values:
    'image:\n  repository: registry.example.com/team/cart\n  tag: "1.0.0"\n',
  images: [
    { name: 'main', repositoryPath: 'image.repository', tagPath: 'image.tag' },
  ],
};

const WEB_SPEC = {
  kind: 'manifests' as const,
  manifests:
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  greeting: "{{ .greeting }}"\n',
  variables: [{ name: 'greeting', type: 'string' as const, default: 'hi' }],
};

/**
 * Berth's real stores, environment service, operation engine and deploy
 * handlers on a migrated database, with a recording deployer: project
 * `shop` (services `web` (manifests) then `cart` (Helm), in that start
 * order) with environment `dev`, and project `bank` with environment `dev`.
 */
export async function deployFixture(knex: Knex) {
  const logger = mockServices.logger.mock();
  const projectStore = new ProjectStore(knex);
  await projectStore.upsert({
    ref: SHOP,
    name: 'shop',
    ownerRef: 'group:default/team-shop',
  });
  await projectStore.upsert({
    ref: BANK,
    name: 'bank',
    ownerRef: 'group:default/team-bank',
  });
  const services = new ServiceStore(knex);
  const actor = 'user:default/ada';
  await services.create({
    projectRef: SHOP,
    name: 'web',
    componentRef: 'component:default/web',
    spec: WEB_SPEC,
    actor,
  });
  await services.create({
    projectRef: SHOP,
    name: 'cart',
    componentRef: 'component:default/cart',
    spec: CART_SPEC,
    actor,
  });
  await projectStore.updateSettings(SHOP, { startOrder: [['web'], ['cart']] });
  const environments = new EnvironmentStore(knex);
  const base = {
    cluster: 'east',
    createdBy: actor,
    tier: 'development' as const,
  };
  const dev = await environments.create({
    ...base,
    projectRef: SHOP,
    name: 'dev',
    namespace: 'shop-dev',
    services: { web: { revision: 1 }, cart: { revision: 1 } },
  });
  const bankDev = await environments.create({
    ...base,
    projectRef: BANK,
    name: 'dev',
    namespace: 'bank-dev',
  });
  const projects = new ProjectService({
    projects: projectStore,
    services,
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    logger,
  });
  const deployments = new DeploymentStore(knex);
  const deployer = new RecordingDeployer();
  const charts = { path: (path: string) => path };
  const orchestrator = new DeployOrchestrator({
    services,
    deployments,
    deployer,
    logger,
    groupTimeoutMs: 10_000,
    charts,
  });
  const clusters = ClusterRegistry.fromConfig(new ConfigReader({}));
  const environmentService = new EnvironmentService({
    environments,
    services,
    projects,
    clusters,
    namespaces: new NamespaceManager(clusters),
    orchestrator,
    deployer,
    workloads: { restart: async () => {}, scale: async () => {} },
    logger,
    charts,
  });
  const operationStore = new OperationStore(knex);
  const engine = new OperationEngine({
    store: operationStore,
    logger,
    config: {
      concurrency: 2,
      leaseMs: 5_000,
      heartbeatMs: 500,
      pollIntervalMs: 50,
      maxAttempts: 3,
      shutdownGraceMs: 2_000,
    },
  });
  for (const handler of deployHandlers({
    environments,
    projects,
    orchestrator,
  })) {
    engine.addHandler(handler);
  }
  const operations = new EnvironmentOperations({
    engine,
    store: operationStore,
    knex,
  });
  const deps: DeployJobDeps = {
    environments,
    projects,
    services,
    environmentService,
    operations,
    operationStore,
    pollIntervalMs: 50,
  };
  return {
    deps,
    engine,
    deployer,
    deployments,
    environments,
    operationStore,
    dev,
    bankDev,
  };
}
