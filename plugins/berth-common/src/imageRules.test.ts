import {
  DEFAULT_IMAGE_RULES,
  findImagePaths,
  imageReferenceAt,
} from './imageRules';

describe('findImagePaths', () => {
  it('finds image.repository and image.tag at the root as main', () => {
    expect(
      findImagePaths({
        image: { repository: 'ghcr.io/acme/cart', tag: '1.0', pullPolicy: 'x' },
      }),
    ).toEqual([
      {
        name: 'main',
        repositoryPath: 'image.repository',
        tagPath: 'image.tag',
      },
    ]);
  });

  it('keeps the registry apart when the chart does, and does not find the same image twice', () => {
    expect(
      findImagePaths({
        image: { registry: 'docker.io', repository: 'bitnami/redis', tag: '7' },
      }),
    ).toEqual([
      {
        name: 'main',
        registryPath: 'image.registry',
        repositoryPath: 'image.repository',
        tagPath: 'image.tag',
      },
    ]);
  });

  it('finds images under any key, each named by where it is', () => {
    const values = {
      image: 'ghcr.io/acme/web:2.1',
      metrics: {
        enabled: true,
        image: { registry: 'quay.io', repository: 'acme/exporter', tag: 0.9 },
      },
      worker: { queue: { image: { repository: 'acme/worker', tag: '' } } },
      sidecar_proxy: { image: 'envoyproxy/envoy:v1.30.1' },
    };
    expect(findImagePaths(values)).toEqual([
      { name: 'main', repositoryPath: 'image' },
      {
        name: 'metrics',
        registryPath: 'metrics.image.registry',
        repositoryPath: 'metrics.image.repository',
        tagPath: 'metrics.image.tag',
      },
      {
        name: 'worker-queue',
        repositoryPath: 'worker.queue.image.repository',
        tagPath: 'worker.queue.image.tag',
      },
      { name: 'sidecar-proxy', repositoryPath: 'sidecar_proxy.image' },
    ]);
  });

  it('does not take strings that are not references, nor objects without the tag key', () => {
    expect(
      findImagePaths({
        image: 'not an image {{ .Values.x }}',
        a: { image: { repository: 'acme/a' } },
        b: { image: { repository: ['x'], tag: '1' } },
        c: { image: { repository: 'acme/c', tag: { nested: true } } },
      }),
    ).toEqual([]);
  });

  it('uses a project rule of its own, tried under every key', () => {
    const rules = [{ repository: 'imageName', tag: 'imageTag' }];
    expect(
      findImagePaths(
        {
          imageName: 'acme/a',
          imageTag: '1',
          api: { imageName: 'acme/b', imageTag: '2' },
        },
        rules,
      ),
    ).toEqual([
      { name: 'main', repositoryPath: 'imageName', tagPath: 'imageTag' },
      { name: 'api', repositoryPath: 'api.imageName', tagPath: 'api.imageTag' },
    ]);
  });

  it('names clashing images apart', () => {
    const found = findImagePaths({
      image: 'acme/a:1',
      main: { image: 'acme/b:1' },
    });
    expect(found.map(f => f.name)).toEqual(['main', 'main-2']);
  });

  it('skips keys a values path cannot name, and stops at 8 levels', () => {
    let deep: Record<string, unknown> = { image: 'acme/deep:1' };
    for (let i = 0; i < 9; i++) deep = { level: deep };
    expect(findImagePaths({ 'a.b': { image: 'acme/x:1' }, ...deep })).toEqual(
      [],
    );
  });

  it('has the three documented default rules', () => {
    expect(DEFAULT_IMAGE_RULES.map(r => r.repository)).toEqual([
      'image.repository',
      'image.repository',
      'image',
    ]);
  });
});

describe('imageReferenceAt', () => {
  const values = {
    image: { registry: 'quay.io/', repository: 'acme/a', tag: '1.2' },
    digest: { repository: 'acme/b', tag: 'sha256:abc' },
    whole: 'acme/c:3',
    empty: { repository: '', tag: '1' },
    list: [{ image: { repository: 'acme/d', tag: 4 } }],
  };
  it('puts registry, repository and tag together', () => {
    expect(
      imageReferenceAt(values, {
        name: 'main',
        registryPath: 'image.registry',
        repositoryPath: 'image.repository',
        tagPath: 'image.tag',
      }),
    ).toBe('quay.io/acme/a:1.2');
    expect(
      imageReferenceAt(values, {
        name: 'b',
        repositoryPath: 'digest.repository',
        tagPath: 'digest.tag',
      }),
    ).toBe('acme/b@sha256:abc');
    expect(
      imageReferenceAt(values, { name: 'c', repositoryPath: 'whole' }),
    ).toBe('acme/c:3');
    expect(
      imageReferenceAt(values, {
        name: 'd',
        repositoryPath: 'list[0].image.repository',
        tagPath: 'list[0].image.tag',
      }),
    ).toBe('acme/d:4');
  });

  it('gives nothing without a repository', () => {
    expect(
      imageReferenceAt(values, {
        name: 'e',
        repositoryPath: 'empty.repository',
        tagPath: 'empty.tag',
      }),
    ).toBeUndefined();
    expect(
      imageReferenceAt(values, { name: 'f', repositoryPath: 'missing' }),
    ).toBeUndefined();
  });
});
