import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  devEnvironment,
  fakeBerthApi,
  fakeBerthData,
} from '../../../testUtils/fixtures';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import { recordingPermissions } from '../../../testUtils/sandboxes/recordingPermissions';
import {
  renderBerthPageAt,
  sandboxCalls,
} from '../../../testUtils/sandboxes/renderSandboxes';
import {
  fakeSandboxesData,
  notReadyReadiness,
} from '../../../testUtils/sandboxes/sandboxFixtures';
import { formatTime } from '../../../lib/time';
import { SandboxesCard } from './SandboxesCard';

const sandboxesTab = '/berth/environments/env-shop-dev?tab=sandboxes';

async function sandboxRow(name: string) {
  return (await screen.findByRole('link', { name })).closest('tr')!;
}

describe('SandboxesCard', () => {
  // Typing through MUI fields is slow in jsdom, the more so on a busy machine.
  jest.setTimeout(120_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('lists the sandboxes of the base with owner, expiry, status and forks, and its readiness', async () => {
    await renderBerthPageAt(sandboxesTab);
    const cartFix = await sandboxRow('cart-fix');
    expect(
      within(cartFix).getByRole('link', { name: 'cart-fix' }),
    ).toHaveAttribute('href', '/berth/sandboxes/sbx-cart-fix');
    expect(within(cartFix).getByText('guest')).toBeInTheDocument();
    expect(
      within(cartFix).getByText(formatTime('2026-01-10T16:00:00Z')),
    ).toBeInTheDocument();
    expect(within(cartFix).getByText('Ready')).toBeInTheDocument();
    expect(within(cartFix).getByText('cart')).toBeInTheDocument();
    const bobPay = await sandboxRow('bob-pay');
    expect(within(bobPay).getByText('bob')).toBeInTheDocument();
    expect(within(bobPay).getByText('Degraded')).toBeInTheDocument();
    expect(within(bobPay).getByText('payments')).toBeInTheDocument();

    expect(
      await screen.findByText(
        'This environment takes sandboxes (routing: gateway-api).',
      ),
    ).toBeInTheDocument();
    const checks = screen.getByRole('list', { name: 'Sandbox readiness' });
    expect(within(checks).getByText('crds: OK')).toBeInTheDocument();
    expect(
      within(checks).getByText('Gateway API CRDs installed'),
    ).toBeInTheDocument();
  });

  it('creates a sandbox with its forks, image overrides, values, --set values and TTL', async () => {
    const { api } = await renderBerthPageAt(sandboxesTab);
    await user.click(
      await screen.findByRole('button', { name: 'Create sandbox' }),
    );
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Create a sandbox of dev' }),
    );
    // Only the base's deployed services can be forked.
    expect(dialog.getByLabelText('Fork payments')).toBeInTheDocument();
    const create = dialog.getByRole('button', { name: 'Create' });
    expect(create).toBeDisabled();

    await user.type(dialog.getByLabelText(/^Name/), 'alice');
    const ttl = dialog.getByLabelText('Time to live (hours)');
    await user.clear(ttl);
    await user.type(ttl, '24');
    await user.click(dialog.getByLabelText('Fork cart'));
    const fork = within(dialog.getByRole('group', { name: 'Fork of cart' }));
    await user.type(fork.getByLabelText(/^Revision of cart/), '4');
    await user.click(fork.getByRole('button', { name: 'Add image override' }));
    await user.type(fork.getByLabelText('Image name'), 'main');
    await user.type(fork.getByLabelText('Image'), 'ghcr.io/acme/cart:1.5.0');
    await user.type(
      fork.getByLabelText('Values of cart (YAML, over the base’s)'),
      'replicaCount: 1',
    );
    await user.type(
      fork.getByLabelText('--set values of cart'),
      'feature.newCheckout=true',
    );
    await user.click(create);

    // The new sandbox's page opens.
    expect(
      await screen.findByRole('heading', { name: 'alice', level: 1 }),
    ).toBeInTheDocument();
    expect(sandboxCalls(api, 'createSandbox')).toEqual([
      [
        'env-shop-dev',
        {
          name: 'alice',
          ttlHours: 24,
          forks: [
            {
              service: 'cart',
              revision: 4,
              values: 'replicaCount: 1',
              images: { main: 'ghcr.io/acme/cart:1.5.0' },
              set: { 'feature.newCheckout': 'true' },
            },
          ],
        },
      ],
    ]);
  });

  it("starts the TTL at the base's default and refuses more than its maximum", async () => {
    const api = fakeBerthApi({
      data: {
        sandboxes: {
          ...fakeSandboxesData(),
          defaultTtlHours: 4,
          maxTtlHours: 24,
        },
      },
    });
    await renderBerthPageAt(sandboxesTab, { api });
    await user.click(
      await screen.findByRole('button', { name: 'Create sandbox' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    const ttl = dialog.getByLabelText('Time to live (hours)');
    expect(ttl).toHaveValue(4);
    expect(dialog.getByText('Default 4 hours, at most 24')).toBeInTheDocument();
    await user.type(dialog.getByLabelText(/^Name/), 'alice');
    await user.click(dialog.getByLabelText('Fork cart'));
    const create = dialog.getByRole('button', { name: 'Create' });
    expect(create).toBeEnabled();

    await user.clear(ttl);
    await user.type(ttl, '25');
    expect(
      dialog.getByText('The time to live is at most 24 hours'),
    ).toBeInTheDocument();
    expect(create).toBeDisabled();
    await user.clear(ttl);
    await user.type(ttl, '24');
    expect(create).toBeEnabled();
    await user.click(create);
    expect(
      await screen.findByRole('heading', { name: 'alice', level: 1 }),
    ).toBeInTheDocument();
    expect(sandboxCalls(api, 'createSandbox')).toEqual([
      [
        'env-shop-dev',
        { name: 'alice', ttlHours: 24, forks: [{ service: 'cart' }] },
      ],
    ]);
  });

  it('shows in the dialog why the server refused the sandbox', async () => {
    const { api } = await renderBerthPageAt(sandboxesTab);
    await user.click(
      await screen.findByRole('button', { name: 'Create sandbox' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await user.type(dialog.getByLabelText(/^Name/), 'cart-fix');
    await user.click(dialog.getByLabelText('Fork payments'));
    await user.click(dialog.getByRole('button', { name: 'Create' }));
    expect(await dialog.findByRole('alert')).toHaveTextContent(
      "Could not create the sandbox: Environment 'dev' already has a sandbox named 'cart-fix'",
    );
    expect(sandboxCalls(api, 'createSandbox')).toHaveLength(1);
    // Changing what failed clears the error.
    await user.type(dialog.getByLabelText(/^Name/), '2');
    expect(dialog.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('disables Create sandbox while the base is not ready, naming what is missing', async () => {
    const api = fakeBerthApi({
      data: {
        sandboxes: {
          ...fakeSandboxesData(),
          readiness: { 'env-shop-dev': notReadyReadiness() },
        },
      },
    });
    await renderBerthPageAt(sandboxesTab, { api });
    expect(
      await screen.findByText(
        'This environment does not take sandboxes yet (routing: gateway-api). Missing:',
      ),
    ).toBeInTheDocument();
    const checks = screen.getByRole('list', { name: 'Sandbox readiness' });
    // What is missing comes first.
    expect(within(checks).getAllByRole('listitem')[0]).toHaveTextContent(
      'crds: MissingHTTPRoute CRD (gateway.networking.k8s.io/v1) not installed',
    );
    const create = screen.getByRole('button', { name: 'Create sandbox' });
    expect(create).toBeDisabled();
    await user.hover(create.parentElement!);
    expect(
      await screen.findByRole('tooltip', {
        name: 'The environment does not take sandboxes yet: crds',
      }),
    ).toBeInTheDocument();
  });

  it('offers no Create sandbox to users denied berth.sandbox.create', async () => {
    const { permissionApi, answered } = recordingPermissions(
      'berth.sandbox.create',
    );
    await renderBerthPageAt(sandboxesTab, { permissionApi });
    await sandboxRow('cart-fix');
    await answered('berth.sandbox.create');
    expect(
      screen.queryByRole('button', { name: 'Create sandbox' }),
    ).not.toBeInTheDocument();
  });

  it('shows why the sandboxes and the readiness could not be read', async () => {
    await renderWithBerth(
      <SandboxesCard environment={devEnvironment} services={['cart']} />,
      {
        api: fakeBerthApi({
          data: fakeBerthData(),
          error: new Error('backend down'),
        }),
      },
    );
    expect(await screen.findByText('Error: Sandboxes')).toBeInTheDocument();
    expect(
      await screen.findByText('Error: Could not check the readiness'),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/backend down/).length).toBeGreaterThan(0);
  });
});
