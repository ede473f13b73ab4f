import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import {
  BERTH_STATUS_SIGNAL_CHANNEL,
  berthEnvironmentDeployPermission,
  berthEnvironmentUpdatePermission,
} from '@berth/plugin-berth-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  devEnvironment,
  devStatus,
  fakeBerthApi,
  fakeBerthData,
  FakeSignalApi,
} from '../../../testUtils/fixtures';
import {
  denying,
  renderWithBerth,
  RenderOptions,
} from '../../../testUtils/renderWithBerth';
import { BerthPage } from '../../pages/BerthPage';

// usePermission caches answers by permission and resourceRef for the whole
// test file (SWR), so each permission setup below uses its own environment.

function renderEnvironment(id: string, options: RenderOptions = {}) {
  return renderWithBerth(
    <Routes>
      <Route path="/berth/*" element={<BerthPage />} />
    </Routes>,
    { routeEntries: [`/berth/environments/${id}`], ...options },
  );
}

/** The table with a title, e.g. "Deployment history". */
async function tableTitled(title: string) {
  const heading = await screen.findByRole('heading', { name: title });
  return within(
    heading.closest('[class*="BackstageTable-root"]') as HTMLElement,
  );
}

async function serviceRow(name: string) {
  await screen.findByRole('heading', { name: 'Services' });
  return (await screen.findAllByText(name, { selector: 'td p' }))[0].closest(
    'tr',
  )!;
}

/** Waits until the page shows the live status of a service, i.e. has loaded. */
async function loaded(service = 'cart', status = 'Running') {
  await waitFor(async () =>
    expect(
      within(await serviceRow(service)).getByText(status),
    ).toBeInTheDocument(),
  );
}

describe('EnvironmentPage', () => {
  // Typing through MUI fields is slow in jsdom, the more so on a busy machine.
  jest.setTimeout(180_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('shows where the environment runs and how it is doing', async () => {
    await renderEnvironment('env-shop-dev');
    expect(
      await screen.findByRole('heading', { name: 'dev', level: 1 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Environment of Online Shop'),
    ).toBeInTheDocument();
    const header = within(screen.getByRole('banner'));
    expect(header.getByText('local-east')).toBeInTheDocument();
    expect(header.getByText('shop-dev')).toBeInTheDocument();
    expect(header.getByText('development')).toBeInTheDocument();
    expect(await header.findByText('Running')).toBeInTheDocument();
    expect(header.queryByText('Open')).not.toBeInTheDocument();
  });

  it("links to the environment when its cluster's gateway is configured", async () => {
    const data = fakeBerthData();
    const api = fakeBerthApi({
      data: {
        clusters: data.clusters.map(c =>
          c.name === 'local-east'
            ? { ...c, environmentUrl: 'http://{namespace}.localhost:8080/' }
            : c,
        ),
      },
    });
    await renderEnvironment('env-shop-dev', { api });
    const header = within(screen.getByRole('banner'));
    expect(await header.findByText('Open')).toBeInTheDocument();
    expect(
      header.getByRole('link', {
        name: /^http:\/\/shop-dev\.localhost:8080\//,
      }),
    ).toHaveAttribute('href', 'http://shop-dev.localhost:8080/');
  });

  it('lists the services with revision, images, replicas and status', async () => {
    await renderEnvironment('env-shop-dev');
    const cart = await serviceRow('cart');
    expect(within(cart).getByText('3')).toBeInTheDocument();
    expect(within(cart).getByText('revision 4 available')).toBeInTheDocument();
    expect(within(cart).getByText('cart:1.4.0')).toBeInTheDocument();
    expect(within(cart).getByText('2/2')).toBeInTheDocument();
    expect(within(cart).getByText('Running')).toBeInTheDocument();
    const payments = await serviceRow('payments');
    expect(within(payments).getByText('payments:2.0.1')).toBeInTheDocument();
    expect(within(payments).getByText('1/1')).toBeInTheDocument();
  });

  it('says when a newer revision is available and moves to it only on request', async () => {
    const signals = new FakeSignalApi();
    const api = fakeBerthApi({ signals });
    const move = jest.spyOn(api, 'setServiceRevision');
    await renderEnvironment('env-shop-dev', { api, signals });
    await loaded();
    const cart = within(await serviceRow('cart'));
    expect(cart.getByText('revision 4 available')).toBeInTheDocument();
    // Nothing moves by itself: a deploy of everything keeps cart at 3.
    await user.click(screen.getByRole('button', { name: 'Deploy all' }));
    await waitFor(async () =>
      expect(
        (
          await api.listDeployments('env-shop-dev', { service: 'cart' })
        )[0].revision,
      ).toBe(3),
    );
    expect((await api.getEnvironment('env-shop-dev')).services.cart).toEqual(
      expect.objectContaining({ revision: 3 }),
    );

    act(() => api.settle('env-shop-dev'));
    await loaded();
    const button = within(await serviceRow('cart')).getByRole('button', {
      name: 'Move cart to revision 4',
    });
    expect(button).toBeEnabled();
    await user.click(button);
    await waitFor(() =>
      expect(move).toHaveBeenCalledWith('env-shop-dev', 'cart', {
        revision: 4,
        deploy: true,
      }),
    );
    await waitFor(async () =>
      expect(
        within(await serviceRow('cart')).queryByText('revision 4 available'),
      ).toBeNull(),
    );
    act(() => api.settle('env-shop-dev'));
    await waitFor(async () =>
      expect(
        (
          await api.listDeployments('env-shop-dev', { service: 'cart' })
        )[0].revision,
      ).toBe(4),
    );
  });

  it('lists pods and events, and the deployment history on its tab', async () => {
    await renderEnvironment('env-shop-dev');

    const pod = (await screen.findByText('payments-5c6b-xyz12')).closest('tr')!;
    expect(within(pod).getByText('east-worker-2')).toBeInTheDocument();
    expect(within(pod).getByText('2')).toBeInTheDocument();
    expect(screen.getByText('cart-7d9f8-pending')).toBeInTheDocument();

    const event = (await screen.findByText('FailedPull')).closest('tr')!;
    expect(within(event).getByText('Warning')).toBeInTheDocument();
    expect(
      within(event).getByText(
        'Failed to pull image "ghcr.io/acme/cart:1.5.0-rc1"',
      ),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'History' }));
    const failed = (
      await screen.findByText('timed out waiting for the rollout')
    ).closest('tr')!;
    expect(within(failed).getByText('Failed')).toBeInTheDocument();
    expect(within(failed).getByText('payments:2.0.0')).toBeInTheDocument();
    expect(within(failed).getByText('bob')).toBeInTheDocument();
    const helm = screen.getByText('Helm release 7').closest('tr')!;
    expect(within(helm).getByText('Succeeded')).toBeInTheDocument();
    expect(within(helm).getByText('alice')).toBeInTheDocument();
  });

  it("shows a pod's logs on request, or why there are none", async () => {
    await renderEnvironment('env-shop-dev');
    await loaded();
    await user.click(
      await screen.findByRole('button', { name: 'Logs of cart-7d9f8-abcde' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(await dialog.findByTestId('pod-logs')).toHaveTextContent(
      'GET /cart/42 200',
    );
    await user.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    await user.click(
      screen.getByRole('button', { name: 'Logs of cart-7d9f8-pending' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Logs are not available: container "cart" in pod "cart-7d9f8-pending" is waiting to start: ContainerCreating',
    );
  });

  it('deploys a service with a new revision and image, live', async () => {
    const signals = new FakeSignalApi();
    const api = fakeBerthApi({ signals });
    const deploy = jest.spyOn(api, 'deployService');
    await renderEnvironment('env-shop-dev', { api, signals });
    await loaded();

    await user.click(
      await screen.findByRole('button', { name: 'Deploy cart' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    const revision = dialog.getByLabelText('Revision');
    expect(revision).toHaveValue(3);
    expect(dialog.getByLabelText('Values (YAML)')).toHaveValue(
      'replicaCount: 2\n',
    );
    expect(dialog.getByLabelText('Image')).toHaveValue(
      'ghcr.io/acme/cart:1.4.0',
    );
    await user.clear(revision);
    await user.type(revision, '4');
    await user.clear(dialog.getByLabelText('Image'));
    await user.type(dialog.getByLabelText('Image'), 'ghcr.io/acme/cart:1.5.0');
    await user.click(dialog.getByRole('button', { name: 'Deploy' }));

    await waitFor(() =>
      expect(deploy).toHaveBeenCalledWith('env-shop-dev', 'cart', {
        revision: 4,
        values: 'replicaCount: 2\n',
        images: { main: 'ghcr.io/acme/cart:1.5.0' },
      }),
    );
    // The status signal and the new deployment record show up.
    await waitFor(async () => {
      const row = await serviceRow('cart');
      expect(within(row).getByText('Deploying')).toBeInTheDocument();
    });
    expect(within(await serviceRow('cart')).getByText('4')).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'History' }));
    const history = await tableTitled('Deployment history');
    const record = (await history.findByText('cart:1.5.0')).closest('tr')!;
    expect(within(record).getByText('Running')).toBeInTheDocument();
    expect(within(record).getByText('guest')).toBeInTheDocument();

    // The rollout finishes: only a signal tells, and the page follows it.
    expect(signals.subscriberCount(BERTH_STATUS_SIGNAL_CHANNEL)).toBe(1);
    act(() => api.settle('env-shop-dev'));
    await waitFor(() =>
      expect(
        within(history.getByText('cart:1.5.0').closest('tr')!).getByText(
          'Succeeded',
        ),
      ).toBeInTheDocument(),
    );
    await user.click(screen.getByRole('tab', { name: 'Services' }));
    await waitFor(async () => {
      const row = await serviceRow('cart');
      expect(within(row).getByText('Running')).toBeInTheDocument();
    });
  });

  it('restarts and scales a service', async () => {
    const api = fakeBerthApi();
    const restart = jest.spyOn(api, 'restartService');
    const scale = jest.spyOn(api, 'scaleService');
    await renderEnvironment('env-shop-dev', { api });
    await loaded();

    await user.click(
      await screen.findByRole('button', { name: 'Restart payments' }),
    );
    await waitFor(() =>
      expect(restart).toHaveBeenCalledWith('env-shop-dev', 'payments'),
    );

    // The restart shows (and the table renders again) before going on.
    await waitFor(async () =>
      expect(
        within(await serviceRow('payments')).getByText('Deploying'),
      ).toBeInTheDocument(),
    );

    await user.click(screen.getByRole('button', { name: 'Scale cart' }));
    const dialog = within(await screen.findByRole('dialog'));
    const replicas = dialog.getByLabelText('Replicas');
    expect(replicas).toHaveValue(2);
    await user.clear(replicas);
    await user.type(replicas, '5');
    await user.click(dialog.getByRole('button', { name: 'Scale' }));
    await waitFor(() =>
      expect(scale).toHaveBeenCalledWith('env-shop-dev', 'cart', 5),
    );
  });

  it('deletes the environment, keeping its resources if asked', async () => {
    const api = fakeBerthApi();
    const remove = jest.spyOn(api, 'deleteEnvironment');
    await renderEnvironment('env-shop-dev', { api });
    await loaded();

    await user.click(
      await screen.findByRole('button', { name: 'Delete environment' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      dialog.getByText(/and deletes the namespace, which it created/),
    ).toBeInTheDocument();
    await user.click(dialog.getByLabelText(/Keep resources/));
    expect(dialog.getByText(/stays as it is/)).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Delete' }));

    await waitFor(() =>
      expect(remove).toHaveBeenCalledWith('env-shop-dev', {
        keepResources: true,
      }),
    );
    // Back on the Berth page, where the environment is gone.
    expect(
      await screen.findByText('Projects and environments'),
    ).toBeInTheDocument();
    expect(api.data.environments.map(e => e.id)).toEqual(['env-shop-prod']);
  });

  it('hides deploy and delete from users without permission', async () => {
    const authorize = jest.fn(
      (): AuthorizeResult.ALLOW | AuthorizeResult.DENY => AuthorizeResult.DENY,
    );
    await renderEnvironment('env-shop-prod', {
      permissionApi: mockApis.permission({ authorize }),
    });
    expect(await serviceRow('cart')).toBeInTheDocument();
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: berthEnvironmentDeployPermission,
          resourceRef: 'env-shop-prod',
        }),
      ),
    );
    expect(
      await within(await serviceRow('cart')).findByText('Unstable'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Deploy all' })).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Delete environment' }),
    ).toBeNull();
    expect(screen.queryByRole('button', { name: 'Deploy cart' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Restart cart' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Scale cart' })).toBeNull();
    expect(screen.queryByText('Actions')).toBeNull();
  });

  it('lets users who may deploy but not update only redeploy', async () => {
    const data = fakeBerthData();
    const api = fakeBerthApi({
      data: {
        environments: [{ ...devEnvironment, id: 'env-shop-dev-2' }],
        statuses: [{ ...devStatus, environmentId: 'env-shop-dev-2' }],
        pods: {},
        projects: data.projects,
      },
    });
    const deploy = jest.spyOn(api, 'deployService');
    await renderEnvironment('env-shop-dev-2', {
      api,
      permissionApi: denying(berthEnvironmentUpdatePermission.name),
    });
    await loaded();
    // The newer revision is shown, but moving to it is an update.
    const cart = within(await serviceRow('cart'));
    expect(cart.getByText('revision 4 available')).toBeInTheDocument();
    expect(
      cart.queryByRole('button', { name: 'Move cart to revision 4' }),
    ).toBeNull();
    await user.click(
      await screen.findByRole('button', { name: 'Deploy cart' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByLabelText('Revision')).toBeDisabled();
    expect(dialog.getByLabelText('Values (YAML)')).toBeDisabled();
    expect(
      dialog.getByText(/You may redeploy cart as it is/),
    ).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Deploy' }));
    await waitFor(() =>
      expect(deploy).toHaveBeenCalledWith('env-shop-dev-2', 'cart', {}),
    );
  });

  it('says so when the environment does not exist', async () => {
    await renderEnvironment('env-nope');
    expect(
      await screen.findAllByText(/No environment with id 'env-nope'/),
    ).not.toHaveLength(0);
  });
});
