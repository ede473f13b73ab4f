import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { devEnvironment, fakeBerthApi } from '../../../testUtils/fixtures';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import { EnvironmentValuesEditor } from './EnvironmentValuesEditor';

async function setValues(
  user: ReturnType<typeof userEvent.setup>,
  text: string,
) {
  const field = screen.getByLabelText('Environment values (YAML)');
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

describe('EnvironmentValuesEditor', () => {
  jest.setTimeout(120_000);
  const user = userEvent.setup({ delay: null });

  it('previews the services a change changes, with diffs, and applies it to only those', async () => {
    const api = fakeBerthApi();
    const set = jest.spyOn(api, 'setEnvironmentValues');
    const onChanged = jest.fn();
    await renderWithBerth(
      <EnvironmentValuesEditor
        environment={devEnvironment}
        canUpdate
        canDeploy
        onChanged={onChanged}
      />,
      { api },
    );
    expect(screen.getByLabelText('Environment values (YAML)')).toHaveValue(
      'logLevel: debug\n',
    );
    expect(
      screen.getByRole('button', { name: 'Apply (preview first)' }),
    ).toBeDisabled();
    await setValues(user, 'logLevel: info\n');
    await user.click(screen.getByRole('button', { name: 'Preview' }));

    const preview = within(
      await screen.findByRole('region', { name: 'Values change preview' }),
    );
    expect(preview.getByText('1 service would change')).toBeInTheDocument();
    // payments is a manifests service: environment values do not reach it.
    expect(preview.getByText('Unchanged: payments')).toBeInTheDocument();
    await user.click(preview.getByText('cart'));
    expect(
      await preview.findByLabelText('Diff of values of cart'),
    ).toHaveTextContent('-logLevel: debug+logLevel: info');

    await user.click(
      screen.getByRole('button', { name: 'Apply and redeploy 1 service' }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(set).toHaveBeenCalledWith('env-shop-dev', 'logLevel: info\n', {
      redeploy: true,
    });
    const redeployed = api.data.deployments.filter(
      d => d.environmentId === 'env-shop-dev' && d.result === 'running',
    );
    expect(redeployed.map(d => d.service)).toEqual(['cart']);
  });

  it('refuses values that are not a mapping before asking', async () => {
    const api = fakeBerthApi();
    const preview = jest.spyOn(api, 'previewEnvironmentValues');
    await renderWithBerth(
      <EnvironmentValuesEditor
        environment={devEnvironment}
        canUpdate
        canDeploy
        onChanged={jest.fn()}
      />,
      { api },
    );
    await setValues(user, '- a\n- b\n');
    expect(screen.getByText(/must be a YAML mapping/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Preview' })).toBeDisabled();
    expect(preview).not.toHaveBeenCalled();
  });

  it('saves without redeploying for users who may update but not deploy', async () => {
    const api = fakeBerthApi();
    await renderWithBerth(
      <EnvironmentValuesEditor
        environment={devEnvironment}
        canUpdate
        canDeploy={false}
        onChanged={jest.fn()}
      />,
      { api },
    );
    expect(screen.queryByRole('button', { name: /^Apply/ })).toBeNull();
    await setValues(user, 'logLevel: warn\n');
    await user.click(
      screen.getByRole('button', { name: 'Save without redeploying' }),
    );
    await waitFor(() =>
      expect(api.data.environments[0].values).toBe('logLevel: warn\n'),
    );
    expect(
      api.data.deployments.filter(d => d.result === 'running'),
    ).toHaveLength(0);
  });

  it('only previews for users who may not update', async () => {
    await renderWithBerth(
      <EnvironmentValuesEditor
        environment={devEnvironment}
        canUpdate={false}
        canDeploy={false}
        onChanged={jest.fn()}
      />,
    );
    expect(screen.getByLabelText('Environment values (YAML)')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Preview' })).toBeEnabled();
    expect(
      screen.queryByRole('button', { name: 'Save without redeploying' }),
    ).toBeNull();
  });
});
