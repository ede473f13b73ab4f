import { forkSettings } from './forkSettings';

describe('forkSettings', () => {
  it('overlays the fork on the base service settings', () => {
    expect(
      forkSettings(
        {
          revision: 2,
          values: 'a: 1',
          images: { main: 'cart:1', side: 'proxy:1' },
          set: { 'x.y': '1' },
        },
        { service: 'cart', images: { main: 'cart:2' }, set: { z: '2' } },
      ),
    ).toEqual({
      revision: 2,
      values: 'a: 1',
      images: { main: 'cart:2', side: 'proxy:1' },
      set: { 'x.y': '1', z: '2' },
    });
  });

  it('replaces the revision and values when the fork sets them', () => {
    expect(
      forkSettings(
        { revision: 2, values: 'a: 1' },
        { service: 'cart', revision: 3, values: 'b: 2' },
      ),
    ).toEqual({ revision: 3, values: 'b: 2' });
    expect(forkSettings(undefined, { service: 'cart' })).toEqual({});
  });
});
