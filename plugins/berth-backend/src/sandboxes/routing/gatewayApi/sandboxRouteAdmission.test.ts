import { shopRoute } from '../__fixtures__/shopBase';
import {
  GatewayListeners,
  sandboxRouteAdmission,
} from './sandboxRouteAdmission';

function gateway(
  from?: 'All' | 'Same' | 'Selector',
  name = 'berth',
): GatewayListeners {
  return {
    metadata: { name, namespace: 'berth-gateway' },
    spec: {
      listeners: [
        {
          name: 'http',
          ...(from && { allowedRoutes: { namespaces: { from } } }),
        },
      ],
    },
  };
}

describe('sandboxRouteAdmission', () => {
  it('accepts a Gateway whose listener admits routes of all namespaces', () => {
    expect(
      sandboxRouteAdmission([shopRoute()], [gateway('All')], 'shop'),
    ).toEqual([]);
  });

  it('reports Same (the default), Selector and a missing Gateway', () => {
    expect(sandboxRouteAdmission([shopRoute()], [gateway()], 'shop')).toEqual([
      {
        gateway: 'berth-gateway/berth',
        problem:
          'its listeners admit routes of their own namespace only (allowedRoutes.namespaces.from: Same)',
      },
    ]);
    expect(
      sandboxRouteAdmission([shopRoute()], [gateway('Selector')], 'shop')[0]
        .problem,
    ).toContain('sandbox namespaces must carry the selected labels');
    expect(
      sandboxRouteAdmission([shopRoute()], [gateway('All', 'other')], 'shop'),
    ).toEqual([{ gateway: 'berth-gateway/berth', problem: 'not found' }]);
  });

  it('looks only at the listener a route names', () => {
    const route = shopRoute();
    route.spec.parentRefs![0].sectionName = 'public';
    const gw = gateway('Same');
    gw.spec.listeners!.push({
      name: 'public',
      allowedRoutes: { namespaces: { from: 'All' } },
    });
    expect(sandboxRouteAdmission([route], [gw], 'shop')).toEqual([]);
  });
});
