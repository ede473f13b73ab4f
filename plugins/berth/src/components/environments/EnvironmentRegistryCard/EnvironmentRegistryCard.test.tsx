import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { devEnvironment } from '../../../testUtils/fixtures';
import { lifecycleApi } from '../../../testUtils/environments/lifecycleFixtures';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import { EnvironmentRegistryCard } from './EnvironmentRegistryCard';

describe('EnvironmentRegistryCard', () => {
  jest.setTimeout(120_000);
  const user = userEvent.setup({ delay: null });

  it("shows the cluster's registry and sets an override of the environment", async () => {
    const api = lifecycleApi();
    await renderWithBerth(
      <EnvironmentRegistryCard environment={devEnvironment} canUpdate />,
      { api },
    );
    const effective = screen.getByLabelText('Registry in effect');
    await waitFor(() =>
      expect(effective).toHaveTextContent(
        'east-mirror (registry.east.example.com), the default of cluster local-east; pull secret berth-pull-east-mirror is kept in shop-dev.',
      ),
    );
    const select = screen.getByLabelText('Registry', { selector: 'select' });
    await waitFor(() => expect(select).toBeEnabled());
    expect(select).toHaveDisplayValue('Cluster default (east-mirror)');
    const save = screen.getByRole('button', { name: 'Save registry' });
    expect(save).toBeDisabled();

    await user.selectOptions(select, 'loopback');
    await user.click(save);
    await waitFor(() =>
      expect(effective).toHaveTextContent(
        'loopback (127.0.0.1:5000), set for this environment.',
      ),
    );
    expect(api.lifecycle.data.registryOverrides).toEqual({
      'env-shop-dev': 'loopback',
    });

    await user.selectOptions(select, '');
    await user.click(save);
    await waitFor(() =>
      expect(effective).toHaveTextContent('the default of cluster local-east'),
    );
    expect(api.lifecycle.data.registryOverrides).toEqual({});
  });

  it('is read-only without the update permission', async () => {
    await renderWithBerth(
      <EnvironmentRegistryCard
        environment={devEnvironment}
        canUpdate={false}
      />,
      { api: lifecycleApi() },
    );
    await waitFor(() =>
      expect(screen.getByLabelText('Registry in effect')).toHaveTextContent(
        'east-mirror',
      ),
    );
    expect(
      screen.getByLabelText('Registry', { selector: 'select' }),
    ).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save registry' })).toBeNull();
  });
});
