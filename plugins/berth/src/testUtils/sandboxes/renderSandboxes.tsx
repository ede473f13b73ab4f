import { AlertDisplay } from '@backstage/core-components';
import { SandboxesApi } from '@berth/plugin-berth-common';
import { RenderResult } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { BerthPage } from '../../components/pages/BerthPage';
import { FakeBerthApi } from '../FakeBerthApi';
import { RenderOptions, renderWithBerth } from '../renderWithBerth';

/**
 * Renders the Berth page at `path` (e.g. `/berth/sandboxes/sbx-cart-fix`),
 * as the app mounts it, with the app's alerts.
 */
export function renderBerthPageAt(
  path: string,
  options: RenderOptions = {},
): Promise<RenderResult & { api: FakeBerthApi }> {
  return renderWithBerth(
    <>
      <AlertDisplay />
      <Routes>
        <Route path="/berth/*" element={<BerthPage />} />
      </Routes>
    </>,
    { ...options, routeEntries: [path] },
  );
}

/** The calls the fake sandboxes backend received of one method, without the method's name. */
export function sandboxCalls(api: FakeBerthApi, method: keyof SandboxesApi) {
  return api.sandboxes.calls
    .filter(([name]) => name === method)
    .map(([, ...args]) => args);
}
