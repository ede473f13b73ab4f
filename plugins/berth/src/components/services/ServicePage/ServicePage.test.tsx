import { berthProjectUpdatePermission } from '@berth/plugin-berth-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  denying,
  renderWithBerth,
  RenderOptions,
} from '../../../testUtils/renderWithBerth';
import { BerthPage } from '../../pages/BerthPage';

function renderService(service: string, options: RenderOptions = {}) {
  return renderWithBerth(
    <Routes>
      <Route path="/berth/*" element={<BerthPage />} />
    </Routes>,
    {
      routeEntries: [`/berth/projects/default/shop/services/${service}`],
      ...options,
    },
  );
}

const shop = { namespace: 'default', name: 'shop' };
/** For what shows after a change and a reload, on a busy machine. */
const slow = { timeout: 10_000 };

describe('ServicePage', () => {
  jest.setTimeout(120_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('shows the chart, its dependencies, versions and the revisions', async () => {
    await renderService('cart');
    expect(
      await screen.findByRole('heading', { name: 'cart', level: 1 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Chart (revision 4)')).toBeInTheDocument();
    expect(
      screen.getByText('A web service behind a Service'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('web-service 0.1.0 from chart repository demo'),
    ).toBeInTheDocument();
    const dependencies = within(
      screen.getByRole('table', { name: 'Dependencies' }),
    );
    expect(dependencies.getByText('common')).toBeInTheDocument();
    expect(dependencies.getByText('resolved')).toBeInTheDocument();

    const versions = within(
      await screen.findByRole('table', { name: 'Chart versions' }),
    );
    expect(versions.getByText('current')).toBeInTheDocument();
    expect(
      versions.getByRole('button', { name: 'Move to version 0.2.0' }),
    ).toBeInTheDocument();

    const revisions = (
      await screen.findByRole('heading', { name: 'Revisions' })
    ).closest('[class*="MuiPaper-root"]') as HTMLElement;
    expect(within(revisions).getAllByText('web-service 0.1.0')).toHaveLength(4);
  });

  it('moves to another chart version as a new revision', async () => {
    const { api } = await renderService('cart');
    await user.click(
      await screen.findByRole('button', { name: 'Move to version 0.2.0' }),
    );
    expect(
      await screen.findByText('Chart (revision 5)', {}, slow),
    ).toBeInTheDocument();
    const revisions = await api.listServiceRevisions(shop, 'cart');
    expect(revisions[0]).toMatchObject({
      revision: 5,
      spec: { chart: { version: '0.2.0' }, values: 'replicaCount: 2\n' },
    });
  });

  it('saves values as a new revision, and refuses values failing the schema', async () => {
    const { api } = await renderService('cart');
    await user.click(await screen.findByRole('tab', { name: 'YAML' }));
    const field = screen.getByLabelText('Service values');
    expect(field).toHaveValue('replicaCount: 2\n');
    await user.clear(field);
    await user.type(field, 'replicaCount: 0');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'replicaCount: must be >= 1',
    );
    const save = screen.getByRole('button', { name: 'Save as a new revision' });
    expect(save).toBeDisabled();

    await user.clear(field);
    await user.type(field, 'replicaCount: 5');
    await user.click(save);
    await waitFor(async () =>
      expect((await api.listServiceRevisions(shop, 'cart'))[0]).toMatchObject({
        revision: 5,
        spec: { values: 'replicaCount: 5' },
      }),
    );
    expect(
      await screen.findByText('Values (revision 5)', {}, slow),
    ).toBeInTheDocument();
  });

  it('shows values tracked from Git and syncs them on demand', async () => {
    const { api } = await renderService('cart');
    const tracked = await screen.findByLabelText('Values from Git');
    expect(tracked).toHaveTextContent(
      'https://github.com/acme/shop/blob/main/values/cart.yaml',
    );
    expect(tracked).toHaveTextContent('tracked: re-read on a schedule');
    await user.click(within(tracked).getByRole('button', { name: 'Sync now' }));
    // The changed file became revision 5, shown once reloaded.
    expect(
      await screen.findByText('Values (revision 5)', {}, slow),
    ).toBeInTheDocument();
    expect(
      (await api.listServiceRevisions(shop, 'cart'))[0].spec,
    ).toMatchObject({ values: 'replicaCount: 3\n' });
  });

  it('previews the service in an environment, with the diff against what is live', async () => {
    const { api } = await renderService('cart');
    const preview = jest.spyOn(api, 'previewService');
    await user.selectOptions(await screen.findByLabelText('Revision'), '3');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(
      await screen.findByRole('status', {}, { timeout: 10_000 }),
    ).toHaveTextContent('Revision 3: 1 changed, 1 removed, 1 unchanged');
    expect(preview).toHaveBeenCalledWith('env-shop-dev', 'cart', {
      revision: 3,
    });
    await user.click(screen.getByRole('button', { name: 'Deployment cart' }));
    const diff = screen.getByLabelText('Diff of Deployment cart');
    expect(diff).toHaveTextContent('- replicas: 1');
    expect(diff).toHaveTextContent('+ replicas: 2');

    // Another environment, whose cluster cannot be asked.
    await user.selectOptions(
      screen.getByLabelText('Target environment'),
      'env-shop-prod',
    );
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(
      await screen.findByText(
        'Not compared with the live objects: Cluster local-east could not be reached',
      ),
    ).toBeInTheDocument();
  });

  it('offers no changes without the permission to change the project', async () => {
    await renderService('cart', {
      permissionApi: denying(berthProjectUpdatePermission.name),
    });
    expect(await screen.findByText('Chart (revision 4)')).toBeInTheDocument();
    await screen.findByRole('table', { name: 'Chart versions' });
    expect(
      screen.queryByRole('button', { name: /Move to version/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Save as a new revision' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Sync now' }),
    ).not.toBeInTheDocument();
  });

  it('says when the service does not exist', async () => {
    await renderService('nope');
    expect(
      await screen.findAllByText(
        /Project 'system:default\/shop' has no service named 'nope'/,
      ),
    ).not.toHaveLength(0);
  });
});
