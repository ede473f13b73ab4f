import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  catalogProcessingExtensionPoint,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import { resolve } from 'node:path';
// The test runs the real Berth plugin that the module reads (tests only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import berthPlugin from '@berth/plugin-berth-backend';
import { BerthEntityProvider } from './BerthEntityProvider';
import { catalogModuleBerthEntities } from './module';

// Starting a whole backend takes seconds on a loaded machine.
jest.setTimeout(60_000);

const repoRoot = resolve(__dirname, '../../..');

// The module in a backend with the real Berth plugin (seeded with the demo
// project): its provider reads Berth through berthServiceRef (over Berth's
// HTTP API) and hands the catalog the configured clusters as Resource
// entities; its processor annotates the demo's Components.
describe('catalogModuleBerthEntities', () => {
  it('adds a provider and a processor that read Berth through berthServiceRef', async () => {
    const providers: EntityProvider[] = [];
    const processors: CatalogProcessor[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (...added: any[]) =>
              providers.push(...added.flat()),
            addProcessor: (...added: any[]) => processors.push(...added.flat()),
          },
        ],
      ],
      features: [
        berthPlugin,
        catalogModuleBerthEntities,
        mockServices.rootConfig.factory({
          data: {
            berth: {
              demo: {
                projectFile: resolve(repoRoot, 'examples/demo-project.yaml'),
                rootDir: repoRoot,
              },
            },
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'module-test',
                      url: 'https://127.0.0.1:6443',
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'secret-token',
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });

    expect(providers.map(p => p.getProviderName())).toEqual([
      'berth-environments',
    ]);
    const applied: Entity[] = [];
    await providers[0].connect({
      applyMutation: async mutation => {
        if (mutation.type === 'full') {
          applied.push(...mutation.entities.map(e => e.entity));
        }
      },
      refresh: async () => {},
    });
    await (providers[0] as BerthEntityProvider).refresh();

    expect(
      applied.map(e => `${e.kind}:${e.metadata.name}:${e.spec?.type}`),
    ).toEqual(['Resource:module-test:kubernetes-cluster']);

    expect(processors.map(p => p.getProcessorName())).toEqual([
      'BerthKubernetesIdProcessor',
    ]);
    const cart: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'cart', namespace: 'default' },
      spec: { type: 'service', owner: 'team-shop', lifecycle: 'production' },
    };
    const annotated = await processors[0].preProcessEntity!(
      cart,
      { type: 'url', target: 'https://example.com/catalog-info.yaml' },
      () => undefined,
      { type: 'url', target: 'https://example.com/catalog-info.yaml' },
      {} as any,
    );
    expect(annotated.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'cart',
    });
  });
});
