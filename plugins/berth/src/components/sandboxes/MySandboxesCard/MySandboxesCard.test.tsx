import { screen, within } from '@testing-library/react';
import { fakeBerthApi } from '../../../testUtils/fixtures';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import {
  renderBerthPageAt,
  sandboxCalls,
} from '../../../testUtils/sandboxes/renderSandboxes';
import { MySandboxesCard } from './MySandboxesCard';

describe('MySandboxesCard', () => {
  jest.setTimeout(60_000);

  it('lists the signed-in user’s own sandboxes on the Berth page, with their base', async () => {
    const { api } = await renderBerthPageAt('/berth');
    const heading = await screen.findByRole('heading', {
      name: 'My sandboxes',
    });
    const table = within(
      heading.closest('[class*="BackstageTable-root"]') as HTMLElement,
    );
    const row = (await table.findByRole('link', { name: 'cart-fix' })).closest(
      'tr',
    )!;
    expect(within(row).getByRole('link', { name: 'shop/dev' })).toHaveAttribute(
      'href',
      '/berth/environments/env-shop-dev',
    );
    expect(within(row).getByText('Ready')).toBeInTheDocument();
    expect(table.queryByText('bob-pay')).not.toBeInTheDocument();
    expect(sandboxCalls(api, 'listSandboxes')).toEqual([[{ mine: true }]]);
  });

  it('says so when the user has none', async () => {
    await renderWithBerth(<MySandboxesCard />, {
      api: fakeBerthApi({ actor: 'user:default/carol' }),
    });
    expect(
      await screen.findByText('You have no sandboxes.'),
    ).toBeInTheDocument();
  });

  it('shows why the sandboxes could not be read', async () => {
    await renderWithBerth(<MySandboxesCard />, {
      api: fakeBerthApi({ error: new Error('backend down') }),
    });
    expect(await screen.findByText('Error: My sandboxes')).toBeInTheDocument();
    expect(document.body.textContent).toContain('backend down');
  });
});
