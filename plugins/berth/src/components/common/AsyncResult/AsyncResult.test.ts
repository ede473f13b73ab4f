import { loadingFirst } from './AsyncResult';

describe('loadingFirst', () => {
  it('is true only while loading without a value', () => {
    expect(loadingFirst({ loading: true })).toBe(true);
    expect(loadingFirst({ loading: true, value: [] })).toBe(false);
    expect(loadingFirst({ loading: false })).toBe(false);
  });
});
