import { RenderResult } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { BerthPage } from '../../components/pages/BerthPage';
import { renderWithBerth, RenderOptions } from '../renderWithBerth';
import { FakeBerthWorkflowsApi } from './FakeBerthWorkflowsApi';
import { fakeWorkflowsApi } from './workflowFixtures';

/**
 * Renders the Berth page at `path` (e.g. `/berth/workflows/wf-release`) with
 * the fake backend and its workflows, as the app mounts it.
 */
export async function renderBerthAt(
  path: string,
  options: Omit<RenderOptions, 'api'> & { api?: FakeBerthWorkflowsApi } = {},
): Promise<RenderResult & { api: FakeBerthWorkflowsApi }> {
  const api = options.api ?? fakeWorkflowsApi({ signals: options.signals });
  const rendered = await renderWithBerth(
    <Routes>
      <Route path="/berth/*" element={<BerthPage />} />
    </Routes>,
    { ...options, api, routeEntries: [path] },
  );
  return { ...rendered, api };
}

/** The calls the fake workflows backend received of one method, without the method's name. */
export function callsOf(api: FakeBerthWorkflowsApi, method: string) {
  return api.workflows.calls
    .filter(([name]) => name === method)
    .map(([, ...args]) => args);
}
