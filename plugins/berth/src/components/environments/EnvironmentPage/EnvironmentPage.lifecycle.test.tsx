import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import {
  berthEnvironmentConfigPermission,
  berthEnvironmentCopyPermission,
  berthEnvironmentRollbackPermission,
  berthEnvironmentSleepPermission,
} from '@berth/plugin-berth-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  devEnvironment,
  devStatus,
  fakeBerthData,
  FakeSignalApi,
} from '../../../testUtils/fixtures';
import { FakeBerthApi } from '../../../testUtils/FakeBerthApi';
import { lifecycleApi } from '../../../testUtils/environments/lifecycleFixtures';
import {
  renderWithBerth,
  RenderOptions,
} from '../../../testUtils/renderWithBerth';
import { BerthPage } from '../../pages/BerthPage';

// usePermission caches answers by permission and resourceRef for the whole
// test file, so the permission test uses an environment of its own.

function renderEnvironment(id: string, options: RenderOptions = {}) {
  return renderWithBerth(
    <Routes>
      <Route path="/berth/*" element={<BerthPage />} />
    </Routes>,
    { routeEntries: [`/berth/environments/${id}`], ...options },
  );
}

async function serviceRow(name: string) {
  await screen.findByRole('heading', { name: 'Services' });
  return (await screen.findAllByText(name, { selector: 'td p' }))[0].closest(
    'tr',
  )!;
}

function headerStatus() {
  return within(screen.getByRole('banner'));
}

describe('EnvironmentPage: lifecycle', () => {
  jest.setTimeout(180_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('puts the environment to sleep and wakes it, live', async () => {
    const signals = new FakeSignalApi();
    const api = lifecycleApi({ signals });
    await renderEnvironment('env-shop-dev', { api, signals });
    expect(await headerStatus().findByText('Running')).toBeInTheDocument();

    await user.click(await screen.findByRole('button', { name: 'Sleep' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByText(/scales them to zero/)).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Sleep' }));

    expect(await headerStatus().findByText('Sleeping')).toBeInTheDocument();
    const banner = await screen.findByRole('status', { name: 'Sleep' });
    expect(banner).toHaveTextContent(
      /Sleeping since .* by user:default\/guest/,
    );
    expect(banner).toHaveTextContent('cart: 2, payments: 1');
    expect(screen.getByRole('button', { name: 'Deploy all' })).toBeDisabled();
    await waitFor(async () =>
      expect(
        within(await serviceRow('cart')).getByText('Sleeping'),
      ).toBeInTheDocument(),
    );

    await user.click(screen.getByRole('button', { name: 'Wake' }));
    expect(
      await screen.findByRole('button', { name: 'Waking…' }),
    ).toBeDisabled();
    expect(await headerStatus().findByText('Deploying')).toBeInTheDocument();

    // The wake finishes group by group; only the status signal tells.
    act(() => api.settle('env-shop-dev'));
    expect(await headerStatus().findByText('Running')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Sleep' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('status', { name: 'Sleep' })).toBeNull(),
    );
    expect(
      within(await serviceRow('cart')).getByText('2/2'),
    ).toBeInTheDocument();
  });

  it('shows drift per service, with the objects that differ', async () => {
    await renderEnvironment('env-shop-dev', { api: lifecycleApi() });
    const cart = await serviceRow('cart');
    await user.click(
      await within(cart).findByRole('button', {
        name: 'Drift of cart: Drifted',
      }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      await dialog.findByText(/someone changed them outside Berth/),
    ).toBeInTheDocument();
    expect(
      dialog.getByText('kubectl-scale: spec.replicas'),
    ).toBeInTheDocument();
    expect(dialog.getByLabelText('Diff of Deployment cart')).toHaveTextContent(
      '+ replicas: 5',
    );
    await user.click(dialog.getByRole('button', { name: 'Close' }));

    const payments = await serviceRow('payments');
    expect(
      within(payments).getByRole('button', {
        name: 'Drift of payments: Unknown',
      }),
    ).toHaveAttribute(
      'title',
      'The last deployment of payments predates snapshots',
    );
  });

  it("compares two of a service's deployments and rolls back to one", async () => {
    const api = lifecycleApi();
    const rollback = jest.spyOn(api, 'rollbackService');
    await renderEnvironment('env-shop-dev', { api });
    await user.click(
      await within(await serviceRow('cart')).findByRole('button', {
        name: 'History of cart',
      }),
    );
    expect(
      await screen.findByRole('heading', {
        name: 'Deployment history of cart',
      }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Service')).toHaveValue('cart');
    expect(screen.queryByText('payments:2.0.1')).toBeNull();

    const compare = screen.getByRole('button', { name: 'Compare selected' });
    expect(compare).toBeDisabled();
    const row = (image: string) => screen.getByText(image).closest('tr')!;
    await user.click(within(row('cart:1.2.0')).getByRole('checkbox'));
    await user.click(within(row('cart:1.3.0')).getByRole('checkbox'));
    await user.click(compare);
    const diff = within(await screen.findByRole('dialog'));
    expect(await diff.findByLabelText('Diff of values')).toHaveTextContent(
      '-replicaCount: 1+replicaCount: 2',
    );
    expect(diff.getByLabelText('Diff of settings')).toHaveTextContent(
      '+revision: 3',
    );
    expect(
      diff.getByText('1 changed, 0 added, 0 removed, 1 unchanged'),
    ).toBeInTheDocument();
    expect(diff.getByLabelText('Diff of Deployment cart')).toHaveTextContent(
      '- image: ghcr.io/acme/cart:1.2.0+ image: ghcr.io/acme/cart:1.3.0',
    );
    await user.click(diff.getByRole('button', { name: 'Close' }));

    await user.click(
      within(row('cart:1.2.0')).getByRole('button', {
        name: /^Roll cart back/,
      }),
    );
    const confirm = within(await screen.findByRole('dialog'));
    expect(
      await confirm.findByText('ghcr.io/acme/cart:1.2.0'),
    ).toBeInTheDocument();
    expect(confirm.getByText('In its registry')).toBeInTheDocument();
    await user.click(confirm.getByRole('button', { name: 'Roll back' }));
    await waitFor(() =>
      expect(rollback).toHaveBeenCalledWith(
        'env-shop-dev',
        'cart',
        'deploy-cart-1',
      ),
    );
    // The new record says what it rolled back to, and cart runs 1.2.0 again.
    await waitFor(async () => {
      const record = await screen.findByText(/^Rollback to revision 2 of/);
      expect(
        within(record.closest('tr')!).getByText('Running'),
      ).toBeInTheDocument();
    });
    expect(api.data.environments[0].services.cart.images).toEqual({
      main: 'ghcr.io/acme/cart:1.2.0',
    });
  });

  it('refuses a rollback whose images are gone, with the reason', async () => {
    const api = lifecycleApi();
    api.lifecycle.data.missingImages.push('ghcr.io/acme/cart:1.2.0');
    await renderEnvironment('env-shop-dev', { api });
    await user.click(
      await within(await serviceRow('cart')).findByRole('button', {
        name: 'History of cart',
      }),
    );
    const row = (await screen.findByText('cart:1.2.0')).closest('tr')!;
    await user.click(
      within(row).getByRole('button', { name: /^Roll cart back/ }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      await dialog.findByText(/An image of this deployment is gone/),
    ).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Roll back' }));
    expect(await dialog.findByRole('alert')).toHaveTextContent(
      'Could not roll back: Cannot roll cart back to deploy-cart-1: image ghcr.io/acme/cart:1.2.0 no longer exists in its registry',
    );
    expect(api.data.environments[0].services.cart.images).toEqual({
      main: 'ghcr.io/acme/cart:1.4.0',
    });
  });

  it('copies the environment and opens the copy', async () => {
    const api = lifecycleApi();
    await renderEnvironment('env-shop-dev', { api });
    await user.click(await screen.findByRole('button', { name: 'Copy' }));
    const dialog = within(await screen.findByRole('dialog'));
    await user.type(
      dialog.getByRole('textbox', { name: /^Name\s*\*?$/ }),
      'qa',
    );
    expect(dialog.getByLabelText('Namespace')).toHaveValue('shop-qa');
    await user.selectOptions(dialog.getByLabelText('Tier'), 'testing');
    await user.click(dialog.getByRole('button', { name: 'Copy' }));
    expect(
      await screen.findByRole('heading', { name: 'qa', level: 1 }),
    ).toBeInTheDocument();
    const copy = api.data.environments.find(e => e.name === 'qa')!;
    expect(copy).toMatchObject({
      namespace: 'shop-qa',
      tier: 'testing',
      values: 'logLevel: debug\n',
    });
    expect(copy.services.cart).toMatchObject({
      revision: 3,
      images: { main: 'ghcr.io/acme/cart:1.4.0' },
    });
  });

  it('hides sleep, copy, config and rollback from users without permission', async () => {
    const data = fakeBerthData();
    const api = new FakeBerthApi({
      ...data,
      environments: [{ ...devEnvironment, id: 'env-shop-dev-3' }],
      statuses: [{ ...devStatus, environmentId: 'env-shop-dev-3' }],
      deployments: data.deployments.map(d => ({
        ...d,
        environmentId: 'env-shop-dev-3',
      })),
    });
    const denied = [
      berthEnvironmentSleepPermission.name,
      berthEnvironmentCopyPermission.name,
      berthEnvironmentConfigPermission.name,
      berthEnvironmentRollbackPermission.name,
    ];
    const authorize = jest.fn(
      (request: { permission: { name: string } }) =>
        (denied.includes(request.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW) as
          | AuthorizeResult.ALLOW
          | AuthorizeResult.DENY,
    );
    await renderEnvironment('env-shop-dev-3', {
      api,
      permissionApi: mockApis.permission({ authorize }),
    });
    expect(
      await screen.findByRole('button', { name: 'Deploy all' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sleep' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Copy' })).toBeNull();

    await user.click(screen.getByRole('tab', { name: 'History' }));
    expect(await screen.findByText('payments:2.0.1')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Roll / })).toBeNull();

    await user.click(screen.getByRole('tab', { name: 'Configs' }));
    expect(
      await screen.findByText(/Berth manages no ConfigMaps/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New config' })).toBeNull();

    await user.click(screen.getByRole('tab', { name: 'Settings' }));
    expect(screen.getByLabelText('Sleep cron')).toBeDisabled();
    expect(
      screen.getByText(/needs the permission to put the environment to sleep/),
    ).toBeInTheDocument();
  });
});
