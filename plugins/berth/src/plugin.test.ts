import {
  berthApiRef,
  berthPlugin as legacyPlugin,
  BerthPage,
  EntityBerthContent,
  EntityBerthDeploymentsContent,
} from '.';
import alphaPlugin from './alpha';

describe('berth frontend plugin', () => {
  it('exports a legacy plugin with its page, routes and entity contents', () => {
    expect(legacyPlugin.getId()).toBe('berth');
    expect(legacyPlugin.routes.root).toBeDefined();
    expect(legacyPlugin.routes.environment).toBeDefined();
    // The Helm import pages, under the Berth page.
    expect(legacyPlugin.routes.projectServices).toBeDefined();
    expect(legacyPlugin.routes.importCharts).toBeDefined();
    expect(legacyPlugin.routes.service).toBeDefined();
    expect(Array.from(legacyPlugin.getApis(), api => api.api.id)).toEqual([
      berthApiRef.id,
    ]);
    expect(BerthPage).toBeInstanceOf(Function);
    expect(EntityBerthContent).toBeInstanceOf(Function);
    expect(EntityBerthDeploymentsContent).toBeInstanceOf(Function);
  });

  it('exports a new-frontend-system plugin with its API, page and entity tabs', () => {
    expect(alphaPlugin.id).toBe('berth');
    expect(alphaPlugin.getExtension('api:berth')).toBeDefined();
    expect(alphaPlugin.getExtension('page:berth')).toBeDefined();
    expect(alphaPlugin.getExtension('entity-content:berth')).toBeDefined();
    expect(
      alphaPlugin.getExtension('entity-content:berth/deployments'),
    ).toBeDefined();
    expect(alphaPlugin.routes.root).toBeDefined();
    expect(alphaPlugin.routes.environment).toBeDefined();
    expect(alphaPlugin.routes.projectServices).toBeDefined();
    expect(alphaPlugin.routes.importCharts).toBeDefined();
    expect(alphaPlugin.routes.service).toBeDefined();
  });
});
