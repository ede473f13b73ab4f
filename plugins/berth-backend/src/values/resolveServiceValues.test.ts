import { InputError } from '@backstage/errors';
import { resolveServiceValues } from './resolveServiceValues';
import { valuesDigest } from './valuesDigest';

const imagePaths = [
  { name: 'app', repositoryPath: 'image.repository', tagPath: 'image.tag' },
];

describe('resolveServiceValues', () => {
  it('lets each layer beat the one below it', () => {
    // Key kN is set by layers 0..N; the highest layer setting it must win.
    const { values } = resolveServiceValues({
      service: 'cart',
      chartValues: {
        k0: 'chart',
        k1: 'chart',
        k2: 'chart',
        k3: 'chart',
        k5: 'chart',
        image: {
          repository: 'chart/repo',
          tag: 'chart',
          pullPolicy: 'IfNotPresent',
        },
      },
      projectValues: {
        k1: 'project',
        k2: 'project',
        k3: 'project',
        k5: 'project',
      },
      environmentValues: {
        k2: 'environment',
        k3: 'environment',
        k5: 'environment',
      },
      serviceOverrides: {
        k3: 'override',
        k5: 'override',
        image: { repository: 'override/repo', tag: 'override' },
      },
      imagePaths,
      images: { app: 'ghcr.io/berth-demo/cart:1.4.0' },
      setValues: ['k5=set', 'image.tag=from-set'],
    });
    expect(values).toEqual({
      k0: 'chart',
      k1: 'project',
      k2: 'environment',
      k3: 'override',
      k5: 'set',
      image: {
        repository: 'ghcr.io/berth-demo/cart', // image override beats override values
        tag: 'from-set', // --set beats the image override
        pullPolicy: 'IfNotPresent',
      },
    });
  });

  it('returns the digest of the canonical JSON of the values', () => {
    const a = resolveServiceValues({
      chartValues: { b: 1, a: { y: 2, x: 1 } },
    });
    const b = resolveServiceValues({
      chartValues: { a: { x: 1 } },
      projectValues: { a: { y: 2 }, b: 1 },
    });
    expect(a.digest).toBe(valuesDigest({ a: { x: 1, y: 2 }, b: 1 }));
    expect(b.digest).toBe(a.digest);
    expect(
      resolveServiceValues({ chartValues: { b: 2, a: { y: 2, x: 1 } } }).digest,
    ).not.toBe(a.digest);
  });

  it('splits digests and writes into lists without losing their other items', () => {
    const digest = `sha256:${'0f'.repeat(32)}`;
    const { values } = resolveServiceValues({
      chartValues: {
        containers: [
          { name: 'app', image: { repo: 'x', tag: '1' }, port: 80 },
          { name: 'proxy', image: { repo: 'envoy', tag: '1.30' } },
        ],
      },
      imagePaths: [
        {
          name: 'app',
          repositoryPath: 'containers[0].image.repo',
          tagPath: 'containers[0].image.tag',
        },
        {
          name: 'proxy',
          repositoryPath: 'containers[1].image.repo',
          tagPath: 'containers[1].image.tag',
        },
      ],
      images: {
        app: `registry.local:5000/shop/cart@${digest}`,
        proxy: 'envoyproxy/envoy',
      },
    });
    expect(values.containers).toEqual([
      {
        name: 'app',
        image: { repo: 'registry.local:5000/shop/cart', tag: digest },
        port: 80,
      },
      { name: 'proxy', image: { repo: 'envoyproxy/envoy', tag: 'latest' } },
    ]);
  });

  it('writes an override apart into registry, repository and tag, or whole where the chart keeps a reference', () => {
    const { values } = resolveServiceValues({
      chartValues: {
        image: { registry: 'docker.io', repository: 'bitnami/redis', tag: '7' },
        metrics: { image: 'acme/exporter:1' },
        proxy: { image: { registry: 'quay.io', repository: 'x', tag: '1' } },
      },
      imagePaths: [
        {
          name: 'main',
          registryPath: 'image.registry',
          repositoryPath: 'image.repository',
          tagPath: 'image.tag',
        },
        { name: 'metrics', repositoryPath: 'metrics.image' },
        {
          name: 'proxy',
          registryPath: 'proxy.image.registry',
          repositoryPath: 'proxy.image.repository',
          tagPath: 'proxy.image.tag',
        },
      ],
      images: {
        main: 'localhost:5000/cache/redis:7.2',
        metrics: 'ghcr.io/acme/exporter:2',
        proxy: 'envoyproxy/envoy:v1.30',
      },
    });
    expect(values).toEqual({
      image: {
        registry: 'localhost:5000',
        repository: 'cache/redis',
        tag: '7.2',
      },
      metrics: { image: 'ghcr.io/acme/exporter:2' },
      // no host in the reference: Docker Hub, as a container runtime reads it
      proxy: {
        image: {
          registry: 'docker.io',
          repository: 'envoyproxy/envoy',
          tag: 'v1.30',
        },
      },
    });
  });

  it('applies a null from --set as a deletion', () => {
    const { values } = resolveServiceValues({
      chartValues: { resources: { limits: { cpu: '1' } }, keep: true },
      setValues: { resources: 'null' },
    });
    expect(values).toEqual({ keep: true });
  });

  it('never changes its inputs', () => {
    const chartValues = { image: { repository: 'r', tag: '1' }, list: [1] };
    const before = JSON.stringify(chartValues);
    const { values } = resolveServiceValues({
      chartValues,
      imagePaths,
      images: { app: 'other:2' },
    });
    expect(values.image).toEqual({ repository: 'other', tag: '2' });
    expect(JSON.stringify(chartValues)).toBe(before);
  });

  it('refuses unknown images, bad references, bad paths and bad --set', () => {
    expect(() =>
      resolveServiceValues({
        service: 'cart',
        imagePaths,
        images: { web: 'x:1' },
      }),
    ).toThrow("service 'cart' has no image named 'web'; its images are: app");
    expect(() =>
      resolveServiceValues({ service: 'cart', images: { web: 'x:1' } }),
    ).toThrow("service 'cart' has no image named 'web'; it declares no images");
    expect(() =>
      resolveServiceValues({
        service: 'cart',
        imagePaths,
        images: { app: 'X:1' },
      }),
    ).toThrow(
      "image 'app' of service 'cart' 'X:1' is not a valid image reference",
    );
    expect(() =>
      resolveServiceValues({
        service: 'cart',
        imagePaths: [
          { name: 'app', repositoryPath: 'image..repo', tagPath: 't' },
        ],
        images: { app: 'x:1' },
      }),
    ).toThrow(
      "repository path of image 'app' of service 'cart' 'image..repo' is malformed",
    );
    expect(() =>
      resolveServiceValues({
        service: 'cart',
        imagePaths: [imagePaths[0], imagePaths[0]],
      }),
    ).toThrow("service 'cart' declares the image 'app' twice");
    expect(() =>
      resolveServiceValues({ service: 'cart', setValues: 'a.b' }),
    ).toThrow(InputError);
    expect(() =>
      resolveServiceValues({ service: 'cart', setValues: 'a.b' }),
    ).toThrow("set value of service 'cart' 'a.b' is malformed");
  });
});
