import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { formatTime } from '../../../lib/time';
import { fakeBerthApi } from '../../../testUtils/fixtures';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import { sandboxCalls } from '../../../testUtils/sandboxes/renderSandboxes';
import {
  bobPaySandbox,
  cartFixSandbox,
} from '../../../testUtils/sandboxes/sandboxFixtures';
import { SandboxTrafficCard } from './SandboxTrafficCard';

const target = 'http://shop-dev.test/';

/** The row of the table whose first cell is `service`. */
function serviceRow(service: string) {
  return screen
    .getAllByRole('row')
    .find(
      row => within(row).queryAllByRole('cell')[0]?.textContent === service,
    )!;
}

describe('SandboxTrafficCard', () => {
  // Tables render slowly in jsdom, the more so on a busy machine.
  jest.setTimeout(60_000);

  it('lists the services reached with the key: who served them, the header, when, the path and status', async () => {
    await renderWithBerth(
      <SandboxTrafficCard sandbox={cartFixSandbox} target={target} />,
    );
    expect(await screen.findByText('shop-dev-cart-fix')).toBeInTheDocument();
    const cart = within(serviceRow('cart'));
    expect(cart.getByText('Fork').closest('[data-served-by]')).toHaveAttribute(
      'data-served-by',
      'fork',
    );
    expect(cart.getByText('x-env')).toBeInTheDocument();
    expect(cart.getByText('/cart/42')).toBeInTheDocument();
    expect(cart.getByText('200')).toBeInTheDocument();
    expect(cart.getByTitle(formatTime('2026-01-10T11:58:00Z'))).toHaveAttribute(
      'datetime',
      '2026-01-10T11:58:00Z',
    );
    const payments = within(serviceRow('payments'));
    expect(payments.getByText('shop-dev')).toBeInTheDocument();
    expect(
      payments.getByText('Base').closest('[data-served-by]'),
    ).toHaveAttribute('data-served-by', 'base');
    expect(payments.getByText('baggage')).toBeInTheDocument();
    expect(payments.getByText('502')).toBeInTheDocument();
    expect(
      screen.getByText(
        `Read from Traefik access log ${formatTime('2026-01-10T12:00:00Z')}`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/No request with the key/),
    ).not.toBeInTheDocument();
  });

  it('warns of each fork no keyed request reached, and says how to send one', async () => {
    await renderWithBerth(
      <SandboxTrafficCard sandbox={bobPaySandbox} target={target} />,
    );
    expect(
      await screen.findByText(
        'No request with the key reached payments yet: a hop before it may drop the key',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No request with the key was seen yet. Send one and refresh, for example:',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText("curl -H 'x-env: bob-pay' 'http://shop-dev.test/'"),
    ).toBeInTheDocument();
  });

  it('says why nothing is observed when the cluster has no traffic source', async () => {
    const api = fakeBerthApi();
    api.sandboxes.data.traffic['sbx-cart-fix'] = {
      observed: false,
      message:
        "Cluster 'local-east' has no traffic source (berth.clusters.local-east.sandboxTraffic)",
      services: [],
      forksNotReached: [],
    };
    await renderWithBerth(
      <SandboxTrafficCard sandbox={cartFixSandbox} target={target} />,
      { api },
    );
    expect(
      await screen.findByText(
        "Cluster 'local-east' has no traffic source (berth.clusters.local-east.sandboxTraffic)",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(
      screen.queryByText(/No request with the key was seen yet/),
    ).not.toBeInTheDocument();
  });

  it('reads the traffic source again on Refresh', async () => {
    const user = userEvent.setup({ delay: null });
    const api = fakeBerthApi();
    await renderWithBerth(
      <SandboxTrafficCard sandbox={bobPaySandbox} target={target} />,
      { api },
    );
    await screen.findByText(/No request with the key reached payments/);
    api.sandboxes.data.traffic['sbx-bob-pay'] = {
      observed: true,
      source: 'Traefik access log',
      services: [
        {
          service: 'payments',
          namespace: 'shop-dev-bob-pay',
          servedBy: 'fork',
          keyHeader: 'x-env',
          lastReachedAt: '2026-01-10T11:59:00Z',
        },
      ],
      forksNotReached: [],
    };
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('shop-dev-bob-pay')).toBeInTheDocument();
    expect(
      screen.queryByText(/No request with the key reached payments/),
    ).not.toBeInTheDocument();
    expect(sandboxCalls(api, 'getSandboxTraffic')).toEqual([
      ['sbx-bob-pay'],
      ['sbx-bob-pay'],
    ]);
  });

  it('shows why the traffic could not be read', async () => {
    await renderWithBerth(
      <SandboxTrafficCard
        sandbox={{ ...cartFixSandbox, id: 'sbx-gone' }}
        target={target}
      />,
    );
    expect(
      await screen.findByText(
        'Error: Could not read the traffic of the sandbox',
      ),
    ).toBeInTheDocument();
  });
});
