import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeBerthApi, shopProject } from '../../../testUtils/fixtures';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import { CreateEnvironmentDialog } from './CreateEnvironmentDialog';

async function renderDialog() {
  const api = fakeBerthApi();
  const create = jest.spyOn(api, 'createEnvironments');
  const onCreated = jest.fn();
  const onClose = jest.fn();
  await renderWithBerth(
    <CreateEnvironmentDialog
      open
      project={shopProject}
      existingNames={['dev', 'prod']}
      onClose={onClose}
      onCreated={onCreated}
    />,
    { api },
  );
  await screen.findByRole('group', { name: 'Environment 1' });
  return { api, create, onCreated, onClose };
}

function environment(n: number) {
  return within(screen.getByRole('group', { name: `Environment ${n}` }));
}

describe('CreateEnvironmentDialog', () => {
  // Typing through MUI fields is slow in jsdom, the more so on a busy machine.
  jest.setTimeout(120_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('explains what is wrong with a name before sending', async () => {
    const { create } = await renderDialog();
    const name = environment(1).getByLabelText(/^Name\b/);

    await user.type(name, 'Dev');
    expect(
      screen.getByText('Name must be lower-case (try "dev")'),
    ).toBeInTheDocument();

    await user.clear(name);
    await user.type(name, 'my_env');
    expect(
      screen.getByText(
        'Name may only contain lower-case letters, digits and "-"',
      ),
    ).toBeInTheDocument();

    await user.clear(name);
    await user.type(name, 'qa-');
    expect(
      screen.getByText('Name must start and end with a letter or digit'),
    ).toBeInTheDocument();

    await user.clear(name);
    await user.type(name, 'dev');
    expect(
      screen.getByText('Online Shop already has an environment named "dev"'),
    ).toBeInTheDocument();

    await user.clear(name);
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByText('Name is required')).toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();
  });

  it('proposes the namespace <project>-<name> and lets it be changed', async () => {
    await renderDialog();
    await user.type(environment(1).getByLabelText(/^Name\b/), 'qa');
    const namespace = environment(1).getByLabelText('Namespace');
    expect(namespace).toHaveValue('shop-qa');
    await user.clear(namespace);
    await user.type(namespace, 'kube-qa');
    expect(
      screen.getByText('Namespace "kube-qa" is reserved by Kubernetes'),
    ).toBeInTheDocument();
  });

  it('refuses production on a cluster that does not take it', async () => {
    const { create } = await renderDialog();
    await user.type(environment(1).getByLabelText(/^Name\b/), 'live');
    await user.selectOptions(
      environment(1).getByLabelText(/^Cluster/),
      'local-west',
    );
    await user.selectOptions(
      environment(1).getByLabelText('Tier'),
      'production',
    );
    expect(
      screen.getByText(
        'West (no production) does not take production environments',
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(create).not.toHaveBeenCalled();
  });

  it('creates several environments in one request', async () => {
    const { create, onCreated, onClose } = await renderDialog();

    const first = environment(1);
    await user.type(first.getByLabelText(/^Name\b/), 'qa');
    await user.selectOptions(first.getByLabelText('Tier'), 'testing');
    await user.type(
      first.getByLabelText('Environment values (YAML)'),
      'logLevel: info',
    );
    await user.click(first.getByLabelText(/Adopt the namespace/));
    await user.click(
      first.getByRole('button', { name: 'Per-service overrides (optional)' }),
    );
    await user.type(first.getByLabelText('Revision of cart'), '3');
    const cartImages = within(
      first.getByRole('group', { name: 'Image overrides of cart' }),
    );
    await user.click(
      cartImages.getByRole('button', { name: 'Add image override' }),
    );
    await user.type(cartImages.getByLabelText('Image name'), 'main');
    await user.type(
      cartImages.getByLabelText('Image'),
      'ghcr.io/acme/cart:pr-7',
    );

    await user.click(
      screen.getByRole('button', { name: 'Add another environment' }),
    );
    const second = environment(2);
    await user.type(second.getByLabelText(/^Name\b/), 'perf');
    const namespace = second.getByLabelText('Namespace');
    await user.clear(namespace);
    await user.type(namespace, 'perf-lab');
    await user.click(second.getByLabelText(/Deploy all services/));

    await user.click(
      screen.getByRole('button', { name: 'Create 2 environments' }),
    );

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(create).toHaveBeenCalledWith(
      { namespace: 'default', name: 'shop' },
      [
        {
          name: 'qa',
          cluster: 'local-east',
          namespace: 'shop-qa',
          tier: 'testing',
          values: 'logLevel: info',
          adoptNamespace: true,
          deploy: true,
          services: {
            cart: { revision: 3, images: { main: 'ghcr.io/acme/cart:pr-7' } },
          },
        },
        {
          name: 'perf',
          cluster: 'local-east',
          namespace: 'perf-lab',
          tier: 'development',
          adoptNamespace: false,
          deploy: false,
        },
      ],
    );
    expect(onCreated).toHaveBeenCalledWith([
      expect.objectContaining({ id: 'env-shop-qa', namespace: 'shop-qa' }),
      expect.objectContaining({ id: 'env-shop-perf', namespace: 'perf-lab' }),
    ]);
  });

  it("shows the server's message when it refuses", async () => {
    const { create, onClose } = await renderDialog();
    await user.type(environment(1).getByLabelText(/^Name\b/), 'stage');
    const namespace = environment(1).getByLabelText('Namespace');
    await user.clear(namespace);
    await user.type(namespace, 'shop-prod');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Could not create: Namespace 'shop-prod' on cluster 'local-east' is already used by environment 'prod'",
    );
    expect(create).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
    // The dialog stays open with what was typed.
    expect(environment(1).getByLabelText(/^Name\b/)).toHaveValue('stage');
  });
});
