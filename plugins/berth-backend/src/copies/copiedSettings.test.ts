import { ServiceSpec } from '@berth/plugin-berth-common';
import { copiedSettings, imagesByName } from './copiedSettings';

const helm: ServiceSpec = {
  kind: 'helm',
  chart: { type: 'path', path: 'charts/hello' },
  values: '',
  images: [
    { name: 'main', repositoryPath: 'image.repository', tagPath: 'image.tag' },
    { name: 'sidecar', repositoryPath: 'side.repository', tagPath: 'side.tag' },
  ],
};

describe('imagesByName', () => {
  it('names the deployed images by their image paths', () => {
    expect(imagesByName(helm, { images: ['a/main:1', 'a/side:2'] })).toEqual({
      main: 'a/main:1',
      sidecar: 'a/side:2',
    });
  });

  it('pins nothing when the images cannot be matched one to one', () => {
    expect(imagesByName(helm, { images: ['a/main:1'] })).toEqual({});
    expect(
      imagesByName(
        { kind: 'manifests', manifests: '', variables: [] },
        { images: ['x:1'] },
      ),
    ).toEqual({});
  });
});

describe('copiedSettings', () => {
  it('pins the deployed revision and images over the source settings', () => {
    expect(
      copiedSettings({
        source: {
          revision: 1,
          values: 'a: 1\n',
          images: { main: 'old:1', extra: 'e:1' },
          set: { b: '2' },
        },
        revision: 3,
        deployedImages: { main: 'deployed:3' },
      }),
    ).toEqual({
      revision: 3,
      values: 'a: 1\n',
      images: { main: 'deployed:3', extra: 'e:1' },
      set: { b: '2' },
    });
  });

  it('lets the overrides win, field by field', () => {
    expect(
      copiedSettings({
        source: { values: 'a: 1\n', variables: { replicas: 2 } },
        revision: 2,
        deployedImages: {},
        override: { values: 'a: 9\n', images: { main: 'new:9' } },
      }),
    ).toEqual({
      revision: 2,
      values: 'a: 9\n',
      images: { main: 'new:9' },
      variables: { replicas: 2 },
    });
  });
});
