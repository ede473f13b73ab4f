import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { berthApiRef } from '../../api';
import {
  component,
  fakeBerthApi,
  healthWithClusters,
  shopSystem,
} from '../../__testUtils__/fixtures';
import { EntityBerthContent } from './EntityBerthContent';

// EntityRefLink needs the catalog's entity page route.
const testAppOptions = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

describe('EntityBerthContent', () => {
  it("lists the System's Components with their owners, and the clusters", async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            catalogApiRef,
            catalogApiMock({
              entities: [
                shopSystem,
                component('cart', 'team-shop'),
                component('payments', 'team-payments'),
                component('elsewhere', 'team-other'),
              ],
            }),
          ],
          [berthApiRef, fakeBerthApi(healthWithClusters)],
        ]}
      >
        <EntityProvider entity={shopSystem}>
          <EntityBerthContent />
        </EntityProvider>
      </TestApiProvider>,
      testAppOptions,
    );

    expect(
      await screen.findByText('Berth project Online Shop'),
    ).toBeInTheDocument();
    const payments = (await screen.findByText('payments')).closest('tr')!;
    expect(within(payments).getByText('team-payments')).toBeInTheDocument();
    expect(screen.getByText('cart')).toBeInTheDocument();
    expect(screen.queryByText('elsewhere')).not.toBeInTheDocument();
    expect(await screen.findByText('local-east')).toBeInTheDocument();
  });

  it('says so when the System has no Components', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalogApiMock()],
          [berthApiRef, fakeBerthApi(healthWithClusters)],
        ]}
      >
        <EntityProvider entity={{ ...shopSystem, relations: [] }}>
          <EntityBerthContent />
        </EntityProvider>
      </TestApiProvider>,
      testAppOptions,
    );
    expect(
      await screen.findByText('This System has no Components.'),
    ).toBeInTheDocument();
  });
});
