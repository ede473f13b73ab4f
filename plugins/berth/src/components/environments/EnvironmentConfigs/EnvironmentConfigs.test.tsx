import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { lifecycleApi } from '../../../testUtils/environments/lifecycleFixtures';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import { EnvironmentConfigs } from './EnvironmentConfigs';

const SECRET = 's3cr3t-value';
const SECRET_BASE64 = Buffer.from(SECRET).toString('base64');

function row(name: string) {
  return screen.getByText(name).closest('tr')!;
}

/** Replaces the YAML of the editor (typing into MUI is slow; paste instead). */
async function setYaml(user: ReturnType<typeof userEvent.setup>, text: string) {
  const field = screen.getByLabelText('Object (YAML)');
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

describe('EnvironmentConfigs', () => {
  jest.setTimeout(120_000);
  const user = userEvent.setup({ delay: null });

  it('lists the configs without ever showing a Secret value', async () => {
    const { container } = await renderWithBerth(
      <EnvironmentConfigs environmentId="env-shop-dev" canConfig />,
      { api: lifecycleApi() },
    );
    expect(await screen.findByText('shop-settings')).toBeInTheDocument();
    expect(
      within(row('shop-settings')).getByText('LOG_LEVEL'),
    ).toBeInTheDocument();
    expect(
      within(row('shop-settings')).getByText('deployment/cart'),
    ).toBeInTheDocument();
    const secret = row('payments-keys');
    expect(within(secret).getByTitle('Values masked')).toBeInTheDocument();
    expect(within(secret).getByText('API_KEY')).toBeInTheDocument();

    await user.click(
      screen.getByRole('button', { name: 'Edit Secret payments-keys' }),
    );
    const yaml = screen.getByLabelText('Object (YAML)');
    expect((yaml as HTMLTextAreaElement).value).toContain(
      `API_KEY: ${SECRET_VALUE_MASK}`,
    );
    expect(container.ownerDocument.body.innerHTML).not.toContain(SECRET);
    expect(container.ownerDocument.body.innerHTML).not.toContain(SECRET_BASE64);
  });

  it('changes one key of a Secret, keeps the others, and restarts its users', async () => {
    const api = lifecycleApi();
    const update = jest.spyOn(api, 'updateEnvironmentConfig');
    await renderWithBerth(
      <EnvironmentConfigs environmentId="env-shop-dev" canConfig />,
      { api },
    );
    await user.click(
      await screen.findByRole('button', { name: 'Edit Secret payments-keys' }),
    );
    await setYaml(
      user,
      `apiVersion: v1
kind: Secret
metadata:
  name: payments-keys
type: Opaque
data:
  API_KEY: ${SECRET_VALUE_MASK}
stringData:
  WEBHOOK_KEY: new-key
`,
    );
    await user.click(
      screen.getByLabelText(
        /Restart the services that use it \(deployment\/payments\)/,
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(update).toHaveBeenCalled());
    expect(update.mock.calls[0][3].restartDependents).toBe(true);
    await waitFor(() =>
      expect(
        within(row('payments-keys')).getByText('API_KEY, WEBHOOK_KEY'),
      ).toBeInTheDocument(),
    );
    // The fake "cluster" kept the old value and added the new one.
    const stored = api.lifecycle.data.configs['env-shop-dev'][1].object
      .data as Record<string, string>;
    expect(stored.API_KEY).toBe(SECRET_BASE64);
    expect(stored.WEBHOOK_KEY).toBe(Buffer.from('new-key').toString('base64'));

    await user.click(
      screen.getByRole('button', { name: 'History of Secret payments-keys' }),
    );
    const history = within(await screen.findByRole('dialog'));
    expect(await history.findByText(/Version 2: Changed/)).toBeInTheDocument();
    expect(history.getByText('Keys changed: WEBHOOK_KEY')).toBeInTheDocument();
    expect(
      history.getByText('Restarted: deployment/payments'),
    ).toBeInTheDocument();
  });

  it('creates a ConfigMap from its template and shows its history as a diff', async () => {
    const api = lifecycleApi();
    await renderWithBerth(
      <EnvironmentConfigs environmentId="env-shop-dev" canConfig />,
      { api },
    );
    await user.click(await screen.findByRole('button', { name: 'New config' }));
    await user.click(screen.getByRole('menuitem', { name: 'ConfigMap' }));
    expect(
      (screen.getByLabelText('Object (YAML)') as HTMLTextAreaElement).value,
    ).toContain('kind: ConfigMap');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('app-settings')).toBeInTheDocument();

    await user.click(
      screen.getByRole('button', { name: 'Edit ConfigMap app-settings' }),
    );
    await setYaml(
      user,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-settings\ndata:\n  LOG_LEVEL: debug\n',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await user.click(
      screen.getByRole('button', { name: 'History of ConfigMap app-settings' }),
    );
    const history = within(await screen.findByRole('dialog'));
    await user.click(await history.findByText(/Version 2: Changed/));
    expect(
      await history.findByLabelText('Diff of version 2'),
    ).toHaveTextContent('- LOG_LEVEL: info+ LOG_LEVEL: debug');
  });

  it('refuses an object that is not a config, changing nothing', async () => {
    const api = lifecycleApi();
    await renderWithBerth(
      <EnvironmentConfigs environmentId="env-shop-dev" canConfig />,
      { api },
    );
    await user.click(await screen.findByRole('button', { name: 'New config' }));
    await user.click(screen.getByRole('menuitem', { name: 'Ingress' }));
    await setYaml(user, 'kind: [');
    expect(screen.getByText(/^Not valid YAML/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    await setYaml(
      user,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not save: Config kind "Deployment" is not one Berth manages',
    );
    expect(api.lifecycle.data.configs['env-shop-dev']).toHaveLength(2);
  });

  it('deletes a config, optionally restarting its users', async () => {
    const api = lifecycleApi();
    const remove = jest.spyOn(api, 'deleteEnvironmentConfig');
    await renderWithBerth(
      <EnvironmentConfigs environmentId="env-shop-dev" canConfig />,
      { api },
    );
    await user.click(
      await screen.findByRole('button', {
        name: 'Delete ConfigMap shop-settings',
      }),
    );
    const dialog = within(screen.getByRole('dialog'));
    expect(dialog.getByText(/used by deployment\/cart/)).toBeInTheDocument();
    await user.click(dialog.getByLabelText('Restart the services that use it'));
    await user.click(dialog.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByText('shop-settings')).toBeNull());
    expect(remove).toHaveBeenCalledWith(
      'env-shop-dev',
      'ConfigMap',
      'shop-settings',
      {
        restartDependents: true,
      },
    );
  });

  it('only lists and shows history without the config permission', async () => {
    await renderWithBerth(
      <EnvironmentConfigs environmentId="env-shop-dev" canConfig={false} />,
      { api: lifecycleApi() },
    );
    expect(await screen.findByText('shop-settings')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New config' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Edit / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Delete / })).toBeNull();
    expect(
      screen.getByRole('button', {
        name: 'History of ConfigMap shop-settings',
      }),
    ).toBeInTheDocument();
  });
});
