import {
  BERTH_STATUS_SIGNAL_CHANNEL,
  berthEnvironmentCreatePermission,
  newInProjectResourceRef,
} from '@berth/plugin-berth-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  devStatus,
  fakeBerthApi,
  FakeSignalApi,
} from '../../../testUtils/fixtures';
import {
  denying,
  renderWithBerth,
  RenderOptions,
} from '../../../testUtils/renderWithBerth';
import { BerthPage } from './BerthPage';

/** The Berth page mounted at /berth, as the app mounts it. */
function renderPage(options: RenderOptions = {}) {
  return renderWithBerth(
    <Routes>
      <Route path="/berth/*" element={<BerthPage />} />
    </Routes>,
    { routeEntries: ['/berth'], ...options },
  );
}

async function environmentRow(name: string) {
  return (await screen.findByRole('link', { name })).closest('tr')!;
}

describe('BerthPage', () => {
  // Typing through MUI fields is slow in jsdom, the more so on a busy machine.
  jest.setTimeout(120_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('lists the projects with their environments and live status', async () => {
    await renderPage();

    const dev = await environmentRow('dev');
    expect(within(dev).getByText('development')).toBeInTheDocument();
    expect(within(dev).getByText('local-east')).toBeInTheDocument();
    expect(within(dev).getByText('shop-dev')).toBeInTheDocument();
    expect(await within(dev).findByText('Running')).toBeInTheDocument();

    const prod = await environmentRow('prod');
    expect(within(prod).getByText('production')).toBeInTheDocument();
    expect(await within(prod).findByText('Unstable')).toBeInTheDocument();

    // The links go to the environment pages under /berth.
    expect(screen.getByRole('link', { name: 'dev' })).toHaveAttribute(
      'href',
      '/berth/environments/env-shop-dev',
    );
    // The blog project has none yet.
    expect(screen.getAllByText('blog')).not.toHaveLength(0);
    expect(screen.getByText('No environments yet.')).toBeInTheDocument();
  });

  it('updates a status when a signal arrives, and ignores older ones', async () => {
    const signals = new FakeSignalApi();
    const { api } = await renderPage({ signals });
    const dev = await environmentRow('dev');
    expect(await within(dev).findByText('Running')).toBeInTheDocument();
    await waitFor(() =>
      expect(signals.subscriberCount(BERTH_STATUS_SIGNAL_CHANNEL)).toBe(2),
    );

    act(() =>
      api.setStatus({
        ...devStatus,
        status: 'Error',
        updatedAt: '2026-01-10T13:00:00Z',
      }),
    );
    await waitFor(async () =>
      expect(
        within(await environmentRow('dev')).getByText('Error'),
      ).toBeInTheDocument(),
    );

    // A stale status (older than the one shown) does not win.
    act(() =>
      api.setStatus({
        ...devStatus,
        status: 'Deploying',
        updatedAt: '2026-01-10T12:30:00Z',
      }),
    );
    const row = await environmentRow('dev');
    expect(within(row).getByText('Error')).toBeInTheDocument();
    expect(within(row).queryByText('Deploying')).not.toBeInTheDocument();
  });

  it('lists the clusters with their connectivity', async () => {
    await renderPage();
    const eastRow = (await screen.findByText('https://127.0.0.1:6443')).closest(
      'tr',
    )!;
    expect(within(eastRow).getByText('local-east')).toBeInTheDocument();
    expect(within(eastRow).getByText('Connected')).toBeInTheDocument();
    expect(within(eastRow).getByText('allowed')).toBeInTheDocument();
    const west = screen.getByText('West (no production)').closest('tr')!;
    expect(within(west).getByText('Disconnected')).toBeInTheDocument();
    expect(within(west).getByText('not allowed')).toBeInTheDocument();
  });

  it('lists the Systems of the catalog that are not Berth projects', async () => {
    await renderPage();
    expect(await screen.findByText('Other Systems')).toBeInTheDocument();
    const wiki = (await screen.findByText('The team wiki.')).closest('tr')!;
    expect(within(wiki).getByText('wiki')).toBeInTheDocument();
    // The shop is a project, so it is not listed again.
    expect(screen.queryByText('The demo shop.')).not.toBeInTheDocument();
  });

  it('offers to create environments only to those allowed to', async () => {
    await renderPage();
    expect(
      await screen.findByRole('button', {
        name: 'Create environment of Online Shop',
      }),
    ).toBeInTheDocument();
  });

  it('hides "Create environment" without the create permission', async () => {
    const permissionApi = denying(berthEnvironmentCreatePermission.name);
    const authorize = jest.spyOn(permissionApi, 'authorize');
    await renderPage({ permissionApi });
    await environmentRow('dev');
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    // Asked about a new environment of the project: its policy conditions decide.
    expect(authorize).toHaveBeenCalledWith({
      permission: berthEnvironmentCreatePermission,
      resourceRef: newInProjectResourceRef('system:default/shop'),
    });
    expect(
      screen.queryByRole('button', { name: /Create environment/ }),
    ).not.toBeInTheDocument();
  });

  it('opens an environment from its link', async () => {
    await renderPage();
    await waitFor(async () =>
      expect(
        within(await environmentRow('dev')).getByText('Running'),
      ).toBeInTheDocument(),
    );
    await user.click(screen.getByRole('link', { name: 'dev' }));
    expect(
      await screen.findByText('Environment of Online Shop'),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    await renderPage({
      api: fakeBerthApi({ error: new Error('Berth backend is down') }),
    });
    expect(
      await screen.findAllByText('Error: Berth backend is down'),
    ).toHaveLength(2);
  });
});
