import { Entity } from '@backstage/catalog-model';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  berthEnvironmentDeployPermission,
  berthEnvironmentSleepPermission,
} from '@berth/plugin-berth-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  denying,
  renderWithBerth,
  RenderOptions,
} from '../../../testUtils/renderWithBerth';
import { berthEntityEnvironmentContent } from '../../../alpha';
import { EntityBerthEnvironmentContent } from './EntityBerthEnvironmentContent';

/** An environment's Resource as the catalog module makes it. */
function environmentResource(id?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'shop-dev',
      namespace: 'default',
      annotations: id ? { 'berth.dev/environment-id': id } : {},
    },
    spec: { type: 'environment', owner: 'team-shop', system: 'shop' },
  };
}

function renderTab(id?: string, options: RenderOptions = {}) {
  return renderWithBerth(
    <EntityProvider entity={environmentResource(id)}>
      <EntityBerthEnvironmentContent />
    </EntityProvider>,
    options,
  );
}

async function serviceRow(name: string) {
  return (await screen.findAllByText(name, { selector: 'td p' }))[0].closest(
    'tr',
  )!;
}

describe('EntityBerthEnvironmentContent', () => {
  jest.setTimeout(30_000);

  it('shows the environment of the annotation: its services with status, a link to its page', async () => {
    await renderTab('env-shop-dev');

    await waitFor(async () =>
      expect(
        within(await serviceRow('cart')).getByText('Running'),
      ).toBeInTheDocument(),
    );
    expect(await serviceRow('payments')).toBeInTheDocument();
    expect(
      screen.getByText('Namespace shop-dev on local-east, development'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'dev' })).toHaveAttribute(
      'href',
      '/berth/environments/env-shop-dev',
    );
  });

  it('deploys every service from the tab', async () => {
    const { api } = await renderTab('env-shop-dev');
    const deploy = jest.spyOn(api, 'deployEnvironment');

    await userEvent.click(
      await screen.findByRole('button', { name: 'Deploy all' }),
    );

    await waitFor(() => expect(deploy).toHaveBeenCalledWith('env-shop-dev'));
    expect(
      (await api.listEnvironmentOperations('env-shop-dev')).map(o => o.kind),
    ).toContain('deploy');
  });

  it('hides the actions from a user who may not deploy', async () => {
    await renderTab('env-shop-dev', {
      permissionApi: denying(
        berthEnvironmentDeployPermission.name,
        berthEnvironmentSleepPermission.name,
      ),
    });

    expect(await serviceRow('cart')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Deploy all' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Deploy cart' })).toBeNull();
  });

  it('says so when the environment of the annotation is gone', async () => {
    await renderTab('env-gone');
    expect(
      (
        await screen.findAllByText("No environment with id 'env-gone'", {
          exact: false,
        })
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: 'Deploy all' })).toBeNull();
  });

  it('explains a Resource that is not a Berth environment', async () => {
    await renderTab();
    expect(
      await screen.findByText('shop-dev is not a Berth environment'),
    ).toBeInTheDocument();
  });
});

describe('the Environment tab extension', () => {
  it('is shown on environment Resources only', () => {
    const filter = createExtensionTester(berthEntityEnvironmentContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    if (!filter) throw new Error('The tab has no filter function');
    const resource = (type: string): Entity => ({
      ...environmentResource('env-shop-dev'),
      spec: { type, owner: 'team-shop' },
    });

    expect(filter(resource('environment'))).toBe(true);
    expect(filter(resource('kubernetes-cluster'))).toBe(false);
    expect(filter({ ...resource('environment'), kind: 'Component' })).toBe(
      false,
    );
  });
});
