import { berthPlugin as legacyPlugin, BerthPage, EntityBerthContent } from '.';
import alphaPlugin from './alpha';

describe('berth frontend plugin', () => {
  it('exports a legacy plugin with its page and entity content', () => {
    expect(legacyPlugin.getId()).toBe('berth');
    expect(legacyPlugin.routes.root).toBeDefined();
    expect(BerthPage).toBeInstanceOf(Function);
    expect(EntityBerthContent).toBeInstanceOf(Function);
  });

  it('exports a new-frontend-system plugin with its API, page and System tab', () => {
    expect(alphaPlugin.id).toBe('berth');
    expect(alphaPlugin.getExtension('api:berth')).toBeDefined();
    expect(alphaPlugin.getExtension('page:berth')).toBeDefined();
    expect(alphaPlugin.getExtension('entity-content:berth')).toBeDefined();
  });
});
