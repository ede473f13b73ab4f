import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
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

  it('marks a key secret, sending { $secret: value }, and shows stored secrets only as the mask', async () => {
    const api = fakeBerthApi();
    const set = jest.spyOn(api, 'setEnvironmentValues');
    await renderWithBerth(
      <EnvironmentValuesEditor
        environment={{
          ...devEnvironment,
          values: `logLevel: debug\napiToken: ${SECRET_VALUE_MASK}\n`,
        }}
        canUpdate
        canDeploy
        onChanged={jest.fn()}
      />,
      { api },
    );
    const secrets = within(
      screen.getByRole('group', { name: 'Secret values' }),
    );
    expect(
      secrets.getByText(`Secret values: apiToken ${SECRET_VALUE_MASK}`),
    ).toBeInTheDocument();

    // A new secret value, typed where it is not shown.
    const value = secrets.getByLabelText('Secret value (optional)');
    expect(value).toHaveAttribute('type', 'password');
    await user.type(
      secrets.getByLabelText('Key to mark secret'),
      'db.password',
    );
    await user.type(value, 's3cret');
    await user.click(secrets.getByRole('button', { name: 'Mark secret' }));
    // The value already there, marked as it is.
    await user.type(secrets.getByLabelText('Key to mark secret'), 'logLevel');
    await user.click(secrets.getByRole('button', { name: 'Mark secret' }));
    expect(
      secrets.getByText(
        `Secret values: logLevel (sealed when saved), apiToken ${SECRET_VALUE_MASK}, db.password (sealed when saved)`,
      ),
    ).toBeInTheDocument();

    await user.click(
      screen.getByRole('button', { name: 'Save without redeploying' }),
    );
    await waitFor(() => expect(set).toHaveBeenCalled());
    expect(set).toHaveBeenCalledWith(
      'env-shop-dev',
      `logLevel:\n  $secret: debug\napiToken: ${SECRET_VALUE_MASK}\ndb:\n  password:\n    $secret: s3cret\n`,
      { redeploy: false },
    );
  });

  it('refuses to mark a key without a value, or one already secret, naming it', async () => {
    await renderWithBerth(
      <EnvironmentValuesEditor
        environment={{
          ...devEnvironment,
          values: `apiToken: ${SECRET_VALUE_MASK}\n`,
        }}
        canUpdate
        canDeploy
        onChanged={jest.fn()}
      />,
      { api: fakeBerthApi() },
    );
    const secrets = within(
      screen.getByRole('group', { name: 'Secret values' }),
    );
    await user.type(secrets.getByLabelText('Key to mark secret'), 'nothing');
    await user.click(secrets.getByRole('button', { name: 'Mark secret' }));
    expect(
      secrets.getByText(
        'nothing has no value to mark secret; give the secret value',
      ),
    ).toBeInTheDocument();
    await user.clear(secrets.getByLabelText('Key to mark secret'));
    await user.type(secrets.getByLabelText('Key to mark secret'), 'apiToken');
    await user.click(secrets.getByRole('button', { name: 'Mark secret' }));
    expect(secrets.getByText('apiToken is already secret')).toBeInTheDocument();
    expect(screen.getByLabelText('Environment values (YAML)')).toHaveValue(
      `apiToken: ${SECRET_VALUE_MASK}\n`,
    );
  });

  it('offers no marking to a reader who may not update', async () => {
    await renderWithBerth(
      <EnvironmentValuesEditor
        environment={{
          ...devEnvironment,
          values: `apiToken: ${SECRET_VALUE_MASK}\n`,
        }}
        canUpdate={false}
        canDeploy={false}
        onChanged={jest.fn()}
      />,
      { api: fakeBerthApi() },
    );
    const secrets = within(
      screen.getByRole('group', { name: 'Secret values' }),
    );
    expect(
      secrets.getByText(`Secret values: apiToken ${SECRET_VALUE_MASK}`),
    ).toBeInTheDocument();
    expect(secrets.queryByRole('button', { name: 'Mark secret' })).toBeNull();
  });
});
