import { berthPlugin } from '../..';
import alphaPlugin from '../../alpha';

describe('sandbox page registration', () => {
  it('gives both frontend systems the sandbox route under the Berth page', () => {
    for (const routes of [berthPlugin.routes, alphaPlugin.routes] as Array<
      Record<string, { toString(): string }>
    >) {
      expect(routes.sandbox).toBeDefined();
    }
    expect(String(berthPlugin.routes.sandbox)).toContain('berth/sandbox');
  });
});
