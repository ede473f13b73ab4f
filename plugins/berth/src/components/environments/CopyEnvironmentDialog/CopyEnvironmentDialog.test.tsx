import { berthEnvironmentCopyProductionPermission } from '@berth/plugin-berth-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  devEnvironment,
  fakeBerthApi,
  prodEnvironment,
} from '../../../testUtils/fixtures';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import {
  CopyEnvironmentDialog,
  serviceOverridesProblem,
} from './CopyEnvironmentDialog';

const nameField = () => screen.getByRole('textbox', { name: /^Name\s*\*?$/ });

describe('CopyEnvironmentDialog', () => {
  jest.setTimeout(120_000);
  const user = userEvent.setup({ delay: null });

  it('checks service overrides against the source services', () => {
    expect(serviceOverridesProblem('', ['cart'])).toBeUndefined();
    expect(
      serviceOverridesProblem('cart:\n  revision: 2\n', ['cart']),
    ).toBeUndefined();
    expect(serviceOverridesProblem('nope: {}\n', ['cart'])).toBe(
      "The environment has no service 'nope'",
    );
    expect(serviceOverridesProblem('cart: 3\n', ['cart'])).toMatch(
      /must be a mapping/,
    );
  });

  it('copies onto another cluster and tier, with overrides', async () => {
    const api = fakeBerthApi();
    const copy = jest.spyOn(api, 'copyEnvironment');
    const onCopied = jest.fn();
    await renderWithBerth(
      <CopyEnvironmentDialog
        environment={devEnvironment}
        canCopyProduction
        onClose={jest.fn()}
        onCopied={onCopied}
      />,
      { api },
    );
    const copyButton = screen.getByRole('button', { name: 'Copy' });
    expect(copyButton).toBeDisabled();
    await user.type(nameField(), 'QA');
    expect(
      screen.getByText('Name must be lower-case (try "qa")'),
    ).toBeInTheDocument();
    await user.clear(nameField());
    await user.type(nameField(), 'qa');
    expect(screen.getByLabelText('Namespace')).toHaveValue('shop-qa');
    await waitFor(() =>
      expect(screen.getByLabelText('Cluster')).toHaveTextContent(
        'West (no production)',
      ),
    );
    await user.selectOptions(screen.getByLabelText('Cluster'), 'local-west');
    await user.selectOptions(screen.getByLabelText('Tier'), 'testing');
    const overrides = screen.getByLabelText('Service overrides (YAML)');
    await user.type(overrides, 'cart:{enter}  revision: 2');
    await user.click(copyButton);

    await waitFor(() => expect(onCopied).toHaveBeenCalled());
    expect(copy).toHaveBeenCalledWith('env-shop-dev', {
      name: 'qa',
      cluster: 'local-west',
      tier: 'testing',
      values: 'logLevel: debug\n',
      adoptNamespace: false,
      deploy: true,
      services: { cart: { revision: 2 } },
    });
    expect(onCopied.mock.calls[0][0].environment).toMatchObject({
      name: 'qa',
      cluster: 'local-west',
      namespace: 'shop-qa',
    });
    expect(
      api.data.environments.find(e => e.name === 'qa')!.services.cart,
    ).toMatchObject({
      revision: 2,
      images: { main: 'ghcr.io/acme/cart:1.4.0' },
    });
  });

  it("shows the backend's refusal to copy production without its permission", async () => {
    const api = fakeBerthApi({
      denied: [berthEnvironmentCopyProductionPermission.name],
    });
    await renderWithBerth(
      <CopyEnvironmentDialog
        environment={prodEnvironment}
        canCopyProduction={false}
        onClose={jest.fn()}
        onCopied={jest.fn()}
      />,
      { api },
    );
    expect(
      screen.getByText(/prod is a production environment: copying it needs/),
    ).toHaveTextContent('which you do not seem to have');
    await user.type(nameField(), 'prod-debug');
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not copy: You may not copy the production environment prod: that needs the permission berth.environment.copy.production',
    );
    expect(api.data.environments.map(e => e.name)).toEqual(['dev', 'prod']);
  });

  it('shows a name conflict as the backend answers it', async () => {
    const api = fakeBerthApi();
    await renderWithBerth(
      <CopyEnvironmentDialog
        environment={devEnvironment}
        canCopyProduction
        onClose={jest.fn()}
        onCopied={jest.fn()}
      />,
      { api },
    );
    await user.type(nameField(), 'prod');
    await user.type(screen.getByLabelText('Namespace'), '-2');
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Could not copy: .*prod/,
    );
    expect(api.data.environments).toHaveLength(2);
  });
});
