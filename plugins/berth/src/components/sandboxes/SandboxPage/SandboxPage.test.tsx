import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { formatTime } from '../../../lib/time';
import { fakeBerthApi, fakeBerthData } from '../../../testUtils/fixtures';
import {
  cartFixSandbox,
  fakeSandboxesData,
} from '../../../testUtils/sandboxes/sandboxFixtures';
import { recordingPermissions } from '../../../testUtils/sandboxes/recordingPermissions';
import { FakeSignalApi } from '../../../testUtils/signals/fakeSignalApi';
import {
  renderBerthPageAt,
  sandboxCalls,
} from '../../../testUtils/sandboxes/renderSandboxes';

const cartFixPage = '/berth/sandboxes/sbx-cart-fix';

async function loaded(name = 'cart-fix') {
  return screen.findByRole('heading', { name, level: 1 });
}

/** The row of a table with a cell that reads `text`. */
function rowWith(text: string) {
  const row = screen
    .getAllByRole('row')
    .find(r => within(r).queryByText(text, { selector: 'td, td *' }));
  return row!;
}

describe('SandboxPage', () => {
  // Typing through MUI fields is slow in jsdom, the more so on a busy machine.
  jest.setTimeout(120_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('shows the forks, the preview host, the headers and curl commands', async () => {
    await renderBerthPageAt(cartFixPage);
    await loaded();
    expect(screen.getByText('Sandbox of dev')).toBeInTheDocument();
    const header = within(screen.getByRole('banner'));
    expect(header.getByRole('link', { name: 'dev' })).toHaveAttribute(
      'href',
      '/berth/environments/env-shop-dev',
    );
    expect(header.getByText('shop-dev-cart-fix')).toBeInTheDocument();
    expect(header.getByText('guest')).toBeInTheDocument();
    expect(
      header.getByText(formatTime('2026-01-10T16:00:00Z')),
    ).toBeInTheDocument();
    expect(header.getByText('Ready')).toBeInTheDocument();

    const fork = rowWith('cart');
    expect(within(fork).getByText('Running')).toBeInTheDocument();
    expect(within(fork).getByText('1/1')).toBeInTheDocument();
    expect(within(fork).getByText('cart:1.5.0-rc1')).toBeInTheDocument();

    expect(
      // An external link: its name also says it opens a new window.
      screen.getByRole('link', {
        name: /^http:\/\/cart-fix\.shop-dev\.example\.test/,
      }),
    ).toHaveAttribute('href', 'http://cart-fix.shop-dev.example.test');
    expect(
      screen.getByText('x-env: cart-fix', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('baggage: berth-sandbox=cart-fix', { selector: 'code' }),
    ).toBeInTheDocument();
    // The cluster has no gateway URL: the curl goes to the fork's base Service.
    expect(
      await screen.findByText(
        "curl -H 'x-env: cart-fix' 'http://cart.shop-dev.svc.cluster.local/'",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "curl -H 'baggage: berth-sandbox=cart-fix' 'http://cart.shop-dev.svc.cluster.local/'",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `Routes last written ${formatTime('2026-01-10T08:01:00Z')}`,
      ),
    ).toBeInTheDocument();
  });

  it('shows the status message and what the routing driver could not route', async () => {
    await renderBerthPageAt('/berth/sandboxes/sbx-bob-pay');
    await loaded('bob-pay');
    expect(
      screen.getByText('Routes written with 1 warning', { selector: 'p' }),
    ).toBeInTheDocument();
    const warnings = screen.getByRole('list', {
      name: 'Warnings of the routing driver',
    });
    expect(warnings).toHaveTextContent(
      "HTTPRoute 'payments-admin' is annotated berth.dev/sandbox-routing=off: not routed",
    );
    const fork = rowWith('payments');
    expect(within(fork).getByText('Unstable')).toBeInTheDocument();
    expect(within(fork).getByText('0/1')).toBeInTheDocument();
    // The cluster's gateway URL is not known: the preview host, not a link.
    const preview = screen.getByRole('list', {
      name: 'Preview hosts (no header needed)',
    });
    expect(
      within(preview).getByText('bob-pay.shop-dev.example.test'),
    ).toBeInTheDocument();
    expect(within(preview).queryByRole('link')).not.toBeInTheDocument();
  });

  it('says why a sandbox failed', async () => {
    const data = fakeBerthData();
    data.sandboxes = {
      ...fakeSandboxesData(),
      sandboxes: [
        {
          ...cartFixSandbox,
          status: 'failed',
          message:
            "Deploying cart failed: image 'ghcr.io/acme/cart:9' not found",
        },
      ],
    };
    await renderBerthPageAt(cartFixPage, { api: fakeBerthApi({ data }) });
    await loaded();
    expect(
      within(screen.getByRole('banner')).getByText('Failed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "Deploying cart failed: image 'ghcr.io/acme/cart:9' not found",
      ),
    ).toBeInTheDocument();
  });

  it('explains a route: the sandbox with its key, the base without', async () => {
    const { api } = await renderBerthPageAt(cartFixPage);
    await loaded();
    await user.click(screen.getByRole('button', { name: 'Explain' }));
    const answer = within(
      await screen.findByRole('region', { name: 'Backend' }),
    );
    expect(
      answer.getByText('cart.shop-dev-cart-fix.svc.cluster.local'),
    ).toBeInTheDocument();
    expect(answer.getByText('cart-fix')).toBeInTheDocument();
    expect(
      answer.getByText(
        'berth-sandbox-cart-fix-cart matched (more header matches than the base route)',
      ),
    ).toBeInTheDocument();
    expect(
      within(
        answer.getByRole('list', { name: 'Matched rules, the chosen first' }),
      )
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['berth-sandbox-cart-fix-cart', 'cart: base route']);

    const headers = screen.getByLabelText('Headers');
    await user.clear(headers);
    await user.type(headers, 'baggage: foo=1, berth-sandbox=cart-fix2');
    await user.type(screen.getByLabelText('Path'), '/cart/42');
    await user.click(screen.getByRole('button', { name: 'Explain' }));
    expect(
      await screen.findByText('cart.shop-dev.svc.cluster.local'),
    ).toBeInTheDocument();
    expect(screen.getByText('the base')).toBeInTheDocument();
    expect(sandboxCalls(api, 'explainRoute')).toEqual([
      ['env-shop-dev', { service: 'cart', headers: { 'x-env': 'cart-fix' } }],
      [
        'env-shop-dev',
        {
          service: 'cart',
          headers: { baggage: 'foo=1, berth-sandbox=cart-fix2' },
          path: '/cart/42',
        },
      ],
    ]);
  });

  it('sends the host and the method only when they are filled', async () => {
    const { api } = await renderBerthPageAt(cartFixPage);
    await loaded();
    await user.type(
      screen.getByLabelText(/^Host/),
      'cart-fix.shop-dev.example.test',
    );
    await user.selectOptions(screen.getByLabelText(/^Method/), 'POST');
    await user.click(screen.getByRole('button', { name: 'Explain' }));
    await screen.findByRole('region', { name: 'Backend' });

    await user.clear(screen.getByLabelText(/^Host/));
    await user.selectOptions(screen.getByLabelText(/^Method/), '');
    await user.type(screen.getByLabelText('Path'), '/cart');
    await user.click(screen.getByRole('button', { name: 'Explain' }));
    await waitFor(() =>
      expect(sandboxCalls(api, 'explainRoute')).toHaveLength(2),
    );
    expect(sandboxCalls(api, 'explainRoute')).toEqual([
      [
        'env-shop-dev',
        {
          service: 'cart',
          headers: { 'x-env': 'cart-fix' },
          host: 'cart-fix.shop-dev.example.test',
          method: 'POST',
        },
      ],
      [
        'env-shop-dev',
        { service: 'cart', headers: { 'x-env': 'cart-fix' }, path: '/cart' },
      ],
    ]);
  });

  it('shows why a route could not be explained, and refuses headers it cannot send', async () => {
    const { api } = await renderBerthPageAt(cartFixPage);
    await loaded();
    const headers = screen.getByLabelText('Headers');
    await user.clear(headers);
    await user.type(headers, 'no colon here');
    expect(
      screen.getByText('Line 1 is not name: value: no colon here'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Explain' })).toBeDisabled();
    await user.clear(headers);
    await user.selectOptions(screen.getByLabelText(/^Service/), 'payments');
    // The backend no longer has payments in the base.
    api.data.environments[0].services = { cart: {} };
    await user.click(screen.getByRole('button', { name: 'Explain' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Could not explain the route: Environment 'dev' has no service named 'payments'",
    );
  });

  it('extends the sandbox from now', async () => {
    const { api } = await renderBerthPageAt(cartFixPage);
    await loaded();
    await user.click(await screen.findByRole('button', { name: 'Extend' }));
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Extend cart-fix' }),
    );
    const ttl = dialog.getByLabelText('Hours to live, from now');
    await user.clear(ttl);
    await user.type(ttl, '24');
    await user.click(dialog.getByRole('button', { name: 'Extend' }));
    const expiresAt = api.sandboxes.data.sandboxes[0].expiresAt;
    expect(
      await screen.findByText(
        `Sandbox cart-fix now expires ${formatTime(expiresAt)}`,
      ),
    ).toBeInTheDocument();
    expect(sandboxCalls(api, 'updateSandbox')).toEqual([
      ['sbx-cart-fix', { ttlHours: 24 }],
    ]);
    expect(
      await within(screen.getByRole('banner')).findByText(
        formatTime(expiresAt),
      ),
    ).toBeInTheDocument();
  });

  it("starts Extend at the base's default TTL and refuses more than its maximum", async () => {
    const data = fakeBerthData();
    data.sandboxes = {
      ...fakeSandboxesData(),
      defaultTtlHours: 4,
      maxTtlHours: 24,
    };
    const { api } = await renderBerthPageAt(cartFixPage, {
      api: fakeBerthApi({ data }),
    });
    await loaded();
    await user.click(await screen.findByRole('button', { name: 'Extend' }));
    const dialog = within(await screen.findByRole('dialog'));
    const ttl = dialog.getByLabelText('Hours to live, from now');
    await waitFor(() => expect(ttl).toHaveValue(4));
    expect(dialog.getByText('Default 4 hours, at most 24')).toBeInTheDocument();
    await user.clear(ttl);
    await user.type(ttl, '100');
    expect(
      dialog.getByText('The time to live is at most 24 hours'),
    ).toBeInTheDocument();
    expect(dialog.getByRole('button', { name: 'Extend' })).toBeDisabled();
    expect(sandboxCalls(api, 'getSandboxReadiness')).toEqual([
      ['env-shop-dev'],
    ]);
    expect(sandboxCalls(api, 'updateSandbox')).toEqual([]);
  });

  it('shows in the dialog why extending was refused', async () => {
    const api = fakeBerthApi({ denied: ['berth.sandbox.update'] });
    await renderBerthPageAt(cartFixPage, { api });
    await loaded();
    await user.click(await screen.findByRole('button', { name: 'Extend' }));
    const dialog = within(await screen.findByRole('dialog'));
    const ttl = dialog.getByLabelText('Hours to live, from now');
    await user.clear(ttl);
    await user.type(ttl, '12');
    await user.click(dialog.getByRole('button', { name: 'Extend' }));
    expect(await dialog.findByRole('alert')).toHaveTextContent(
      'Could not extend the sandbox: You may not update this sandbox',
    );
  });

  it("edits the forks: the sandbox's forks filled in, a fork added, one changed", async () => {
    const { api } = await renderBerthPageAt(cartFixPage);
    await loaded();
    await user.click(await screen.findByRole('button', { name: 'Edit forks' }));
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Edit the forks of cart-fix' }),
    );
    expect(dialog.getByLabelText('Fork cart')).toBeChecked();
    expect(dialog.getByLabelText('Fork payments')).not.toBeChecked();
    const cart = within(dialog.getByRole('group', { name: 'Fork of cart' }));
    expect(cart.getByLabelText('Image name')).toHaveValue('main');
    expect(cart.getByLabelText('Image')).toHaveValue(
      'ghcr.io/acme/cart:1.5.0-rc1',
    );
    const set = cart.getByLabelText('--set values of cart');
    expect(set).toHaveValue('feature.newCheckout=true');
    await user.type(set, '\nimage.pullPolicy=Always');
    await user.click(dialog.getByLabelText('Fork payments'));
    const payments = within(
      dialog.getByRole('group', { name: 'Fork of payments' }),
    );
    await user.type(payments.getByLabelText(/^Revision of payments/), '2');
    await user.click(dialog.getByRole('button', { name: 'Save forks' }));

    expect(
      await screen.findByText('Updating the forks of sandbox cart-fix'),
    ).toBeInTheDocument();
    expect(sandboxCalls(api, 'updateSandbox')).toEqual([
      [
        'sbx-cart-fix',
        {
          forks: [
            {
              service: 'cart',
              images: { main: 'ghcr.io/acme/cart:1.5.0-rc1' },
              set: {
                'feature.newCheckout': 'true',
                'image.pullPolicy': 'Always',
              },
            },
            { service: 'payments', revision: 2 },
          ],
        },
      ],
    ]);
    // The page reads the sandbox again: the new fork is being deployed.
    await waitFor(() =>
      expect(within(rowWith('payments')).getByText('0/1')).toBeInTheDocument(),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it("follows the fork change's operation, and reads the sandbox again when it ends", async () => {
    const signals = new FakeSignalApi();
    const api = fakeBerthApi({ signals });
    await renderBerthPageAt(cartFixPage, { api, signals });
    await loaded();
    await user.click(await screen.findByRole('button', { name: 'Edit forks' }));
    const dialog = within(await screen.findByRole('dialog'));
    await user.click(dialog.getByLabelText('Fork payments'));
    await user.click(dialog.getByRole('button', { name: 'Save forks' }));
    const line = await screen.findByText(
      'Last operation: Update sandbox cart-fix',
    );
    const status = () =>
      line.parentElement!.querySelector('[data-operation-status]');
    expect(status()).toHaveAttribute('data-operation-status', 'running');

    // The operation deploys payments, then ends.
    const sandbox = api.sandboxes.data.sandboxes[0];
    sandbox.forkStatus = sandbox.forkStatus.map(f => ({
      ...f,
      status: 'Running',
      ready: 1,
    }));
    api.operations.finish(sandbox.operationId!);
    await waitFor(() =>
      expect(status()).toHaveAttribute('data-operation-status', 'succeeded'),
    );
    await waitFor(() =>
      expect(within(rowWith('payments')).getByText('1/1')).toBeInTheDocument(),
    );
  });

  it('keeps at least one fork, and shows in the dialog why the change was refused', async () => {
    const { api } = await renderBerthPageAt(cartFixPage);
    await loaded();
    await user.click(await screen.findByRole('button', { name: 'Edit forks' }));
    const dialog = within(await screen.findByRole('dialog'));
    const save = dialog.getByRole('button', { name: 'Save forks' });
    await user.click(dialog.getByLabelText('Fork cart'));
    expect(
      dialog.getByText('Pick at least one service to fork'),
    ).toBeInTheDocument();
    expect(save).toBeDisabled();

    await user.click(dialog.getByLabelText('Fork payments'));
    // The backend no longer has payments in the base.
    api.data.environments[0].services = { cart: {} };
    await user.click(save);
    expect(await dialog.findByRole('alert')).toHaveTextContent(
      "Could not change the forks: Environment 'dev' has no service named 'payments' to fork",
    );
    expect(api.sandboxes.data.sandboxes[0].forks).toEqual(cartFixSandbox.forks);
  });

  it('offers to fork only the services deployed in the base', async () => {
    const data = fakeBerthData();
    data.statuses = data.statuses.map(status =>
      status.environmentId === 'env-shop-dev'
        ? {
            ...status,
            services: status.services.map(service =>
              service.service === 'payments'
                ? { ...service, status: 'NotDeployed' as const }
                : service,
            ),
          }
        : status,
    );
    await renderBerthPageAt(cartFixPage, { api: fakeBerthApi({ data }) });
    await loaded();
    await user.click(await screen.findByRole('button', { name: 'Edit forks' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByLabelText('Fork cart')).toBeChecked();
    expect(dialog.queryByLabelText('Fork payments')).not.toBeInTheDocument();
  });

  it('deletes the sandbox after asking, and goes back to the base', async () => {
    const { api } = await renderBerthPageAt(cartFixPage);
    await loaded();
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Delete sandbox cart-fix?' }),
    );
    expect(
      dialog.getByText(/removes the routes it added in dev first/),
    ).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Delete' }));
    expect(
      await screen.findByRole('heading', { name: 'dev', level: 1 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Deleting sandbox cart-fix'),
    ).toBeInTheDocument();
    // The row is looked up again on every try: the table renders new rows
    // when the list is read again after the delete.
    await waitFor(() => {
      const row = screen.getByRole('link', { name: 'cart-fix' }).closest('tr')!;
      expect(within(row).getByText('Deleting')).toBeInTheDocument();
    });
    expect(sandboxCalls(api, 'deleteSandbox')).toEqual([['sbx-cart-fix']]);
  });

  it('shows in the dialog why the delete was refused', async () => {
    const api = fakeBerthApi({ denied: ['berth.sandbox.delete'] });
    await renderBerthPageAt(cartFixPage, { api });
    await loaded();
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = within(await screen.findByRole('dialog'));
    await user.click(dialog.getByRole('button', { name: 'Delete' }));
    expect(await dialog.findByRole('alert')).toHaveTextContent(
      'Could not delete the sandbox: You may not delete this sandbox',
    );
  });

  it('offers no Delete to users denied berth.sandbox.delete', async () => {
    const { permissionApi, answered } = recordingPermissions(
      'berth.sandbox.delete',
    );
    await renderBerthPageAt(cartFixPage, { permissionApi });
    await loaded();
    await answered('berth.sandbox.delete', 'sbx-cart-fix');
    expect(screen.getByRole('button', { name: 'Extend' })).toBeEnabled();
    expect(
      screen.queryByRole('button', { name: 'Delete' }),
    ).not.toBeInTheDocument();
  });

  it('offers no Extend and no Edit forks to users denied berth.sandbox.update', async () => {
    const { permissionApi, answered } = recordingPermissions(
      'berth.sandbox.update',
    );
    await renderBerthPageAt(cartFixPage, { permissionApi });
    await loaded();
    await answered('berth.sandbox.update', 'sbx-cart-fix');
    expect(screen.getByRole('button', { name: 'Delete' })).toBeEnabled();
    expect(
      screen.queryByRole('button', { name: 'Extend' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Edit forks' }),
    ).not.toBeInTheDocument();
  });

  it('follows a sandbox being created until it is ready', async () => {
    const api = fakeBerthApi();
    const { sandbox } = await api.createSandbox('env-shop-dev', {
      name: 'alice',
      forks: [{ service: 'payments' }],
    });
    await renderBerthPageAt(`/berth/sandboxes/${sandbox.id}`, { api });
    await loaded('alice');
    const header = within(screen.getByRole('banner'));
    expect(header.getByText('Creating')).toBeInTheDocument();
    expect(within(rowWith('payments')).getByText('0/1')).toBeInTheDocument();
    expect(screen.getByText('Routes not written yet')).toBeInTheDocument();

    api.sandboxes.settle();
    // Polled while it is being created: no reload needed.
    expect(
      await header.findByText('Ready', undefined, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(within(rowWith('payments')).getByText('1/1')).toBeInTheDocument();
  });

  it('shows why the sandbox could not be read', async () => {
    await renderBerthPageAt('/berth/sandboxes/sbx-gone');
    expect(
      await screen.findByText('Error: Request failed with 404 Not Found'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/No sandbox with id 'sbx-gone'/).length,
    ).toBeGreaterThan(0);
  });
});
