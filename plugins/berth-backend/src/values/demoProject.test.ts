import fs from 'fs';
import path from 'path';
import { renderManifests } from '../manifests/renderManifests';
import { assertDnsLabel } from '../names/dnsNames';
import { parseValuesYaml } from './parseValuesYaml';
import { resolveServiceValues, ServiceImagePath } from './resolveServiceValues';
import { parseYamlValue } from './safeYaml';

const root = path.resolve(__dirname, '../../../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface DemoService {
  name: string;
  component: string;
  kind: 'helm' | 'manifests';
  helm?: { chart: string; values: string; images: ServiceImagePath[] };
  manifests?: {
    manifest: string;
    variables: string;
    values?: Record<string, unknown>;
    images: Array<{ name: string; variable: string }>;
  };
}

interface DemoProject {
  version: number;
  project: string;
  values: Record<string, unknown>;
  services: DemoService[];
  startOrder: Array<{ name: string; services: string[] }>;
}

const demo = parseYamlValue(read('examples/demo-project.yaml'), {
  source: 'demo-project.yaml',
}) as DemoProject;
const helmServices = demo.services.filter(s => s.kind === 'helm');
const manifestsServices = demo.services.filter(s => s.kind === 'manifests');

describe('examples/demo-project.yaml', () => {
  it('describes the shop with at least 8 services of both kinds', () => {
    expect(demo.version).toBe(1);
    expect(demo.project).toBe('system:default/shop');
    expect(demo.services.length).toBeGreaterThanOrEqual(8);
    expect(helmServices.length).toBeGreaterThan(0);
    expect(manifestsServices.length).toBeGreaterThanOrEqual(2);
    for (const service of demo.services) {
      assertDnsLabel(service.name, 'service name');
      expect(service.component).toMatch(/^component:default\/[a-z0-9-]+$/);
      expect(service[service.kind]).toBeDefined();
    }
    expect(new Set(demo.services.map(s => s.name)).size).toBe(
      demo.services.length,
    );
  });

  it('puts every service in exactly one of three start-order groups', () => {
    expect(demo.startOrder.map(g => g.name)).toEqual([
      'data-stores',
      'back-ends',
      'front-ends',
    ]);
    const grouped = demo.startOrder.flatMap(g => g.services);
    expect([...grouped].sort()).toEqual(demo.services.map(s => s.name).sort());
  });

  it.each(helmServices.map(s => [s.name, s] as const))(
    'resolves the values of the Helm service %s, with an image override',
    (_name, service) => {
      const helm = service.helm!;
      expect(fs.existsSync(path.join(root, helm.chart, 'Chart.yaml'))).toBe(
        true,
      );
      const chartValues = parseValuesYaml(
        read(path.join(helm.chart, 'values.yaml')),
      );
      const serviceOverrides = parseValuesYaml(read(helm.values));
      const { values } = resolveServiceValues({
        service: service.name,
        chartValues,
        projectValues: demo.values,
        serviceOverrides,
        imagePaths: helm.images,
        images: { app: `registry.local:5000/${service.name}:override` },
      });
      expect(values).toMatchObject({
        partOf: 'shop',
        image: {
          repository: `registry.local:5000/${service.name}`,
          tag: 'override',
        },
        env: { OTEL_SERVICE_NAMESPACE: 'shop' },
        replicaCount: expect.any(Number),
        service: { port: expect.any(Number) },
        resources: expect.any(Object),
      });
      // The service's own values name its own image.
      expect(serviceOverrides.image).toMatchObject({
        repository: `ghcr.io/berth-demo/${service.name.replace(/^shop-/, '')}`,
      });
    },
  );

  it.each(manifestsServices.map(s => [s.name, s] as const))(
    'renders the manifests service %s with its values and an image override',
    (_name, service) => {
      const manifests = service.manifests!;
      const variables = (
        parseYamlValue(read(manifests.variables)) as { variables: unknown }
      ).variables;
      const [image] = manifests.images;
      const objects = renderManifests(read(manifests.manifest), variables, {
        ...manifests.values,
        [image.variable]: `registry.local:5000/${service.name}:override`,
      });
      const deployment = objects.find(
        o => o.kind === 'Deployment',
      ) as unknown as {
        metadata: { name: string };
        spec: { template: { spec: { containers: Array<{ image: string }> } } };
      };
      expect(deployment.metadata.name).toBe(service.name);
      expect(deployment.spec.template.spec.containers[0].image).toBe(
        `registry.local:5000/${service.name}:override`,
      );
    },
  );
});
