import { EntityProvider } from '@backstage/plugin-catalog-react';
import { act, screen, waitFor, within } from '@testing-library/react';
import {
  component,
  FakeSignalApi,
  devStatus,
} from '../../../testUtils/fixtures';
import {
  renderWithBerth,
  RenderOptions,
} from '../../../testUtils/renderWithBerth';
import { EntityBerthDeploymentsContent } from './EntityBerthDeploymentsContent';

function renderTab(name: string, options: RenderOptions = {}) {
  return renderWithBerth(
    <EntityProvider entity={component(name, 'team-shop')}>
      <EntityBerthDeploymentsContent />
    </EntityProvider>,
    options,
  );
}

async function row(environment: string) {
  return (await screen.findByRole('link', { name: environment })).closest(
    'tr',
  )!;
}

describe('EntityBerthDeploymentsContent', () => {
  it('lists the environments the Component runs in', async () => {
    await renderTab('cart');

    const dev = within(await row('dev'));
    expect(dev.getByText('shop')).toBeInTheDocument();
    expect(dev.getByText('local-east')).toBeInTheDocument();
    expect(dev.getByText('shop-dev')).toBeInTheDocument();
    expect(dev.getByText('development')).toBeInTheDocument();
    expect(dev.getByText('3')).toBeInTheDocument();
    expect(dev.getByText('cart:1.4.0')).toBeInTheDocument();
    expect(dev.getByText('Running')).toBeInTheDocument();

    const prod = within(await row('prod'));
    expect(prod.getByText('production')).toBeInTheDocument();
    expect(prod.getByText('cart:1.3.2')).toBeInTheDocument();
    expect(prod.getByText('Unstable')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'prod' })).toHaveAttribute(
      'href',
      '/berth/environments/env-shop-prod',
    );
  });

  it('follows the status signals', async () => {
    const signals = new FakeSignalApi();
    const { api } = await renderTab('cart', { signals });
    expect(within(await row('dev')).getByText('Running')).toBeInTheDocument();
    act(() =>
      api.setStatus({
        ...devStatus,
        services: [{ ...devStatus.services[0], status: 'Error' }],
        updatedAt: '2026-01-10T13:00:00Z',
      }),
    );
    await waitFor(async () =>
      expect(within(await row('dev')).getByText('Error')).toBeInTheDocument(),
    );
  });

  it('says so when the Component runs nowhere', async () => {
    await renderTab('newsletter');
    expect(
      await screen.findByText(
        'This Component is not deployed in any Berth environment.',
      ),
    ).toBeInTheDocument();
  });
});
