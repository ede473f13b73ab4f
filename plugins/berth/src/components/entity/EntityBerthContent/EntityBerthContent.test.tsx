import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  BERTH_STATUS_SIGNAL_CHANNEL,
  berthEnvironmentCreatePermission,
} from '@berth/plugin-berth-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeBerthApi,
  FakeSignalApi,
  prodStatus,
  shopSystem,
  wikiSystem,
} from '../../../testUtils/fixtures';
import {
  denying,
  renderWithBerth,
  RenderOptions,
} from '../../../testUtils/renderWithBerth';
import { EntityBerthContent } from './EntityBerthContent';

function renderTab(entity = shopSystem, options: RenderOptions = {}) {
  return renderWithBerth(
    <EntityProvider entity={entity}>
      <EntityBerthContent />
    </EntityProvider>,
    options,
  );
}

/** The matrix row of a service. */
async function matrixRow(service: string) {
  const heading = await screen.findByRole('heading', {
    name: 'Release matrix',
  });
  const table = heading.closest(
    '[class*="BackstageTable-root"]',
  ) as HTMLElement;
  return (await within(table).findByText(service)).closest('tr')!;
}

/** The cell of a service in the column of an environment. */
async function cell(service: string, environment: string) {
  const row = await matrixRow(service);
  const headers = Array.from(
    row.closest('table')!.querySelectorAll('thead th'),
  );
  const column = headers.findIndex(th =>
    within(th as HTMLElement).queryByRole('link', { name: environment }),
  );
  expect(column).toBeGreaterThan(0);
  return within(row.querySelectorAll('td')[column] as HTMLElement);
}

describe('EntityBerthContent', () => {
  // Typing through MUI fields is slow in jsdom, the more so on a busy machine.
  jest.setTimeout(120_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('shows the release matrix: services × environments', async () => {
    await renderTab();
    expect(
      await screen.findByText('Berth project Online Shop'),
    ).toBeInTheDocument();

    const cartDev = await cell('cart', 'dev');
    expect(cartDev.getByText('Revision 3')).toBeInTheDocument();
    expect(cartDev.getByText('1.4.0')).toBeInTheDocument();
    expect(cartDev.getByText('Running')).toBeInTheDocument();

    const cartProd = await cell('cart', 'prod');
    expect(cartProd.getByText('Revision 2')).toBeInTheDocument();
    expect(cartProd.getByText('1.3.2')).toBeInTheDocument();
    expect(cartProd.getByText('Unstable')).toBeInTheDocument();

    const paymentsProd = await cell('payments', 'prod');
    expect(paymentsProd.getByText('2.0.1')).toBeInTheDocument();

    // Environments link to their pages and say where they run.
    expect(screen.getByRole('link', { name: 'prod' })).toHaveAttribute(
      'href',
      '/berth/environments/env-shop-prod',
    );
    expect(screen.getByText('production · local-east')).toBeInTheDocument();
  });

  it('updates a cell when a status signal arrives', async () => {
    const signals = new FakeSignalApi();
    const { api } = await renderTab(shopSystem, { signals });
    expect(
      (await cell('cart', 'prod')).getByText('Unstable'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(signals.subscriberCount(BERTH_STATUS_SIGNAL_CHANNEL)).toBe(1),
    );
    act(() =>
      api.setStatus({
        ...prodStatus,
        status: 'Running',
        services: [
          {
            ...prodStatus.services[0],
            status: 'Running',
            revision: 4,
            images: ['ghcr.io/acme/cart:1.5.0'],
          },
          prodStatus.services[1],
        ],
        updatedAt: '2026-01-10T13:00:00Z',
      }),
    );
    await waitFor(async () =>
      expect(
        (await cell('cart', 'prod')).getByText('Revision 4'),
      ).toBeInTheDocument(),
    );
    const cartProd = await cell('cart', 'prod');
    expect(cartProd.getByText('1.5.0')).toBeInTheDocument();
    expect(cartProd.getByText('Running')).toBeInTheDocument();
  });

  it('creates an environment, which then shows in the matrix', async () => {
    const api = fakeBerthApi();
    await renderTab(shopSystem, { api });
    await user.click(
      await screen.findByRole('button', {
        name: 'Create environment of Online Shop',
      }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await user.type(await dialog.findByLabelText(/^Name\b/), 'qa');
    await user.click(dialog.getByRole('button', { name: 'Create' }));

    expect(await screen.findByRole('link', { name: 'qa' })).toBeInTheDocument();
    const cartQa = await cell('cart', 'qa');
    expect(cartQa.getByText('Revision 4')).toBeInTheDocument();
    expect(cartQa.getByText('Deploying')).toBeInTheDocument();
  });

  it('does not offer to create environments without the permission', async () => {
    const permissionApi = denying(berthEnvironmentCreatePermission.name);
    const authorize = jest.spyOn(permissionApi, 'authorize');
    await renderTab(shopSystem, { permissionApi });
    await cell('cart', 'dev');
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    expect(
      screen.queryByRole('button', { name: /Create environment/ }),
    ).not.toBeInTheDocument();
  });

  it("lists the System's Components with their owners", async () => {
    await renderTab();
    const heading = await screen.findByRole('heading', { name: 'Components' });
    const table = within(
      heading.closest('[class*="BackstageTable-root"]') as HTMLElement,
    );
    const payments = (await table.findByText('payments')).closest('tr')!;
    expect(within(payments).getByText('team-payments')).toBeInTheDocument();
    expect(table.getByText('cart')).toBeInTheDocument();
  });

  it('says how to make a System a Berth project', async () => {
    await renderTab(wikiSystem);
    expect(
      await screen.findByText('wiki is not a Berth project'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('This System has no Components.'),
    ).toBeInTheDocument();
  });
});
