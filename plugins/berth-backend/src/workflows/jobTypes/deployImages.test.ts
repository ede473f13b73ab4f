import { InputError } from '@backstage/errors';
import { ServiceSpec } from '@berth/plugin-berth-common';
import { imageOverrides, requestedImages } from './deployImages';
import { deployJobInput } from './deployJobInput';

const DIGEST = `sha256:${'0f'.repeat(32)}`;

const helm = (...names: string[]): ServiceSpec => ({
  kind: 'helm',
  chart: { type: 'path', path: 'charts/x' },
  values: '',
  images: names.map(name => ({
    name,
    repositoryPath: `${name}.repository`,
    tagPath: `${name}.tag`,
  })),
});

describe('deploy job input', () => {
  it('takes an environment alone, services, literal images or fromJob with services', () => {
    expect(deployJobInput.parse({ environment: 'dev' })).toEqual({
      environment: 'dev',
    });
    expect(
      deployJobInput.parse({
        environment: 'dev',
        services: ['cart'],
        images: { fromJob: 'build' },
      }).images,
    ).toEqual({ fromJob: 'build' });
    expect(
      deployJobInput.parse({ environment: 'dev', images: { cart: 'nginx:1' } })
        .images,
    ).toEqual({ cart: 'nginx:1' });
  });

  it('refuses fromJob without services, unknown keys, empty names', () => {
    const issues = (value: unknown) =>
      deployJobInput.safeParse(value).error?.issues.map(i => i.path.join('.'));
    expect(
      issues({ environment: 'dev', images: { fromJob: 'build' } }),
    ).toEqual(['images.fromJob']);
    expect(issues({ environment: 'dev', cluster: 'x' })).toEqual(['']);
    expect(issues({ environment: '' })).toEqual(['environment']);
    expect(issues({ environment: 'dev', services: [] })).toEqual(['services']);
  });
});

describe('requestedImages', () => {
  it('pins the upstream image by its digest for every listed service, keeping its tag', () => {
    expect(
      requestedImages(
        { services: ['cart', 'worker'], images: { fromJob: 'build' } },
        { build: { image: 'localhost:5000/team/cart:1.2', digest: DIGEST } },
      ),
    ).toEqual({
      cart: `localhost:5000/team/cart:1.2@${DIGEST}`,
      worker: `localhost:5000/team/cart:1.2@${DIGEST}`,
    });
    expect(
      requestedImages(
        { services: ['cart'], images: { fromJob: 'build' } },
        { build: { image: 'ghcr.io/a/cart', digest: DIGEST } },
      ),
    ).toEqual({ cart: `ghcr.io/a/cart@${DIGEST}` });
  });

  it('refuses a job without outputs, without image and digest, or with a bad digest', () => {
    const spec = { services: ['cart'], images: { fromJob: 'build' } };
    expect(() => requestedImages(spec, {})).toThrow(/no outputs/);
    expect(() =>
      requestedImages(spec, { build: { image: 'ghcr.io/a/cart' } }),
    ).toThrow(/both 'image' and 'digest'/);
    expect(() =>
      requestedImages(spec, {
        build: { image: 'ghcr.io/a/cart', digest: 'latest' },
      }),
    ).toThrow(InputError);
  });

  it('passes literal images through', () => {
    expect(requestedImages({ images: { cart: 'nginx:1' } }, {})).toEqual({
      cart: 'nginx:1',
    });
    expect(requestedImages({}, {})).toEqual({});
  });
});

describe('imageOverrides', () => {
  it('maps a service to its only image, or to main, and service.image to that image', () => {
    const specs: Record<string, ServiceSpec> = {
      one: helm('app'),
      two: helm('main', 'sidecar'),
    };
    expect(
      imageOverrides(
        { one: 'nginx:1', two: 'nginx:2', 'two.sidecar': 'busybox:1' },
        s => specs[s],
      ),
    ).toEqual([
      { service: 'one', image: 'app', ref: 'nginx:1' },
      { service: 'two', image: 'main', ref: 'nginx:2' },
      { service: 'two', image: 'sidecar', ref: 'busybox:1' },
    ]);
  });

  it('refuses ambiguous, unknown and manifests images, and bad references', () => {
    expect(() =>
      imageOverrides({ x: 'nginx:1' }, () => helm('a', 'b')),
    ).toThrow(/has images a, b; name one as 'x.<image>'/);
    expect(() =>
      imageOverrides({ 'x.c': 'nginx:1' }, () => helm('a', 'b')),
    ).toThrow(InputError);
    expect(() => imageOverrides({ x: 'nginx:1' }, () => helm())).toThrow(
      /declares no images/,
    );
    expect(() =>
      imageOverrides({ x: 'nginx:1' }, () => ({
        kind: 'manifests',
        manifests: '',
        variables: [],
      })),
    ).toThrow(/deploys manifests/);
    expect(() =>
      imageOverrides({ x: 'Not An Image' }, () => helm('a')),
    ).toThrow(/not a valid image reference/);
  });
});
