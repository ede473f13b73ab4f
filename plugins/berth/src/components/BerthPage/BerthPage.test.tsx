import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { berthApiRef } from '../../api';
import {
  component,
  fakeBerthApi,
  healthWithClusters,
  shopSystem,
} from '../../__testUtils__/fixtures';
import { BerthPage } from './BerthPage';

// EntityRefLink needs the catalog's entity page route.
const testAppOptions = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

function renderPage(health = fakeBerthApi(healthWithClusters)) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [
          catalogApiRef,
          catalogApiMock({
            entities: [shopSystem, component('cart', 'team-shop')],
          }),
        ],
        [berthApiRef, health],
      ]}
    >
      <BerthPage />
    </TestApiProvider>,
    testAppOptions,
  );
}

describe('BerthPage', () => {
  it('lists the Systems with owner and number of Components', async () => {
    await renderPage();
    const row = (await screen.findByText('Online Shop')).closest('tr')!;
    expect(within(row).getByText('team-shop')).toBeInTheDocument();
    expect(within(row).getByText('The demo shop.')).toBeInTheDocument();
    // Two Components; the API is part of the System but is not a Component.
    expect(within(row).getByText('2')).toBeInTheDocument();
    // Catalog entities that are not Systems are not projects.
    expect(screen.queryByText('cart')).not.toBeInTheDocument();
  });

  it('lists the configured clusters from the health report', async () => {
    await renderPage();
    const east = (await screen.findByText('local-east')).closest('tr')!;
    expect(
      within(east).getByText('https://127.0.0.1:6443'),
    ).toBeInTheDocument();
    expect(within(east).getByText('allowed')).toBeInTheDocument();
    const west = screen.getByText('West (no production)').closest('tr')!;
    expect(within(west).getByText('not allowed')).toBeInTheDocument();
  });

  it('says how to configure clusters when there are none', async () => {
    await renderPage(fakeBerthApi({ ...healthWithClusters, clusters: [] }));
    expect(
      await screen.findByText(/No clusters configured/),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    await renderPage(fakeBerthApi(new Error('Berth backend is down')));
    expect(
      await screen.findByText('Error: Berth backend is down'),
    ).toBeInTheDocument();
    // The projects still come from the catalog.
    expect(await screen.findByText('Online Shop')).toBeInTheDocument();
  });
});
