import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { RenderResult } from '@testing-library/react';
import { ReactElement } from 'react';
import { berthApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { FakeBerthApi } from './FakeBerthApi';
import { fakeBerthApi, shopSystem, wikiSystem, component } from './fixtures';
import { FakeSignalApi } from './signals/fakeSignalApi';

export interface RenderOptions {
  api?: FakeBerthApi;
  /** Defaults to allowing everything. */
  permissionApi?: PermissionApi;
  /** Without it, the signals plugin counts as not installed. */
  signals?: FakeSignalApi;
  entities?: Entity[];
  routeEntries?: string[];
}

/** The catalog of the tests: the shop System and its Components, and a wiki System. */
export const catalogEntities = [
  shopSystem,
  wikiSystem,
  component('cart', 'team-shop'),
  component('payments', 'team-payments'),
];

/** Denies the given permissions (by name), allows the rest. */
export function denying(...names: string[]): PermissionApi {
  return mockApis.permission({
    authorize: request =>
      names.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
}

/**
 * Renders in a test app with the fake Berth API, a catalog, a permission API
 * and optionally signals; the catalog's entity pages and the Berth page are
 * mounted so that links resolve.
 */
export async function renderWithBerth(
  element: ReactElement,
  options: RenderOptions = {},
): Promise<RenderResult & { api: FakeBerthApi }> {
  const api = options.api ?? fakeBerthApi({ signals: options.signals });
  const apis: Parameters<typeof TestApiProvider>[0]['apis'] = [
    [
      catalogApiRef,
      catalogApiMock({ entities: options.entities ?? catalogEntities }),
    ],
    [berthApiRef, api],
    [permissionApiRef, options.permissionApi ?? mockApis.permission()],
  ];
  const withSignals = options.signals
    ? [...apis, [signalApiRef, options.signals] as const]
    : apis;
  const rendered = await renderInTestApp(
    <TestApiProvider apis={withSignals as typeof apis}>
      {element}
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/berth': rootRouteRef,
      },
      routeEntries: options.routeEntries,
    },
  );
  return { ...rendered, api };
}
