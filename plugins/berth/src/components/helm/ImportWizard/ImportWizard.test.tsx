import { berthProjectUpdatePermission } from '@berth/plugin-berth-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { fakeBerthApi } from '../../../testUtils/fixtures';
import { gitTreeUrl } from '../../../testUtils/helm/helmFixtures';
import {
  denying,
  renderWithBerth,
  RenderOptions,
} from '../../../testUtils/renderWithBerth';
import { ImportWizardPage } from './ImportWizard';

async function renderWizard(options: RenderOptions = {}) {
  const api = options.api ?? fakeBerthApi();
  const importCharts = jest.spyOn(api, 'importCharts');
  await renderWithBerth(
    <Routes>
      <Route
        path="/berth/projects/:namespace/:name/import"
        element={<ImportWizardPage />}
      />
    </Routes>,
    { routeEntries: ['/berth/projects/default/shop/import'], api, ...options },
  );
  return { api, importCharts };
}

function chartsTable() {
  return within(screen.getByRole('table', { name: 'Charts' }));
}

describe('ImportWizard', () => {
  jest.setTimeout(120_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('imports two charts of a configured repository at once', async () => {
    const { api, importCharts } = await renderWizard();
    expect(
      await screen.findByRole('heading', {
        name: 'Import Helm charts into Online Shop',
      }),
    ).toBeInTheDocument();
    // Configured repositories by name; credentials are only mentioned.
    const repository = screen.getByLabelText('Repository');
    expect(
      within(repository)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['demo', 'internal', 'Another repository (URL)']);
    await user.selectOptions(repository, 'internal');
    expect(
      screen.getByText(
        'https://charts.example.com · credentials configured in Berth',
      ),
    ).toBeInTheDocument();
    await user.selectOptions(repository, 'demo');
    await user.click(screen.getByRole('button', { name: 'Find charts' }));

    await user.click(
      await screen.findByRole('checkbox', { name: 'Import web-service' }),
    );
    await user.click(
      chartsTable().getByRole('checkbox', { name: 'Import worker' }),
    );
    // Versions newest first; pick the older one.
    const version = chartsTable().getByLabelText('Version of web-service');
    expect(version).toHaveValue('0.2.0');
    await user.selectOptions(version, '0.1.0');
    const name = chartsTable().getByLabelText('Service name for web-service');
    await user.clear(name);
    await user.type(name, 'storefront');
    await user.click(
      screen.getByRole('button', { name: /Next: values \(2 charts\)/ }),
    );

    // web-service has a values.schema.json: a form built from it.
    expect(
      await screen.findByRole('tab', { name: 'Form' }),
    ).toBeInTheDocument();
    const replicas = await screen.findByLabelText(/Replica count/);
    expect(replicas).toHaveValue(1);
    await user.clear(replicas);
    await user.type(replicas, '3');
    // worker's dependency could not be resolved: shown with its reason.
    await user.click(screen.getByRole('button', { name: 'Service worker' }));
    expect(
      await screen.findByText('Could not reach unreachable.example.com'),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Import 2 services' }));
    expect(await screen.findByRole('status')).toHaveTextContent('2 created');
    const results = within(
      screen.getByRole('table', { name: 'Import results' }),
    );
    expect(results.getByRole('link', { name: 'storefront' })).toHaveAttribute(
      'href',
      '/berth/projects/default/shop/services/storefront',
    );
    expect(results.getByRole('link', { name: 'worker' })).toBeInTheDocument();
    expect(results.getByText('web-service 0.1.0')).toBeInTheDocument();

    expect(importCharts).toHaveBeenCalledWith(
      { namespace: 'default', name: 'shop' },
      {
        force: false,
        items: [
          {
            source: {
              type: 'repository',
              repository: 'demo',
              chart: 'web-service',
              version: '0.1.0',
            },
            service: 'storefront',
            values: 'replicaCount: 3\n',
          },
          {
            source: {
              type: 'repository',
              repository: 'demo',
              chart: 'worker',
              version: '0.1.0',
            },
            service: 'worker',
            values: '',
          },
        ],
      },
    );
    const shop = await api.getProject({ namespace: 'default', name: 'shop' });
    expect(shop.services.map(s => s.name)).toEqual(
      expect.arrayContaining(['storefront', 'worker']),
    );
  });

  it("shows the images the project's rules find for review, and sends the kept ones when one is unticked", async () => {
    const { importCharts } = await renderWizard();
    await user.selectOptions(
      await screen.findByLabelText('Repository'),
      'demo',
    );
    await user.click(screen.getByRole('button', { name: 'Find charts' }));
    await user.click(
      await screen.findByRole('checkbox', { name: 'Import web-service' }),
    );
    await user.click(
      screen.getByRole('button', { name: /Next: values \(1 chart\)/ }),
    );
    const images = await screen.findByRole('list', {
      name: 'Images of web-service',
    });
    expect(within(images).getByText('main: nginx:1.27')).toBeInTheDocument();
    expect(
      within(images).getByText('image.repository : image.tag'),
    ).toBeInTheDocument();
    const use = within(images).getByRole('checkbox', {
      name: 'Use image main',
    });
    expect(use).toBeChecked();
    await user.click(use);
    expect(use).not.toBeChecked();

    await user.click(screen.getByRole('button', { name: 'Import 1 service' }));
    expect(await screen.findByRole('status')).toHaveTextContent('1 created');
    expect(importCharts).toHaveBeenCalledWith(
      { namespace: 'default', name: 'shop' },
      expect.objectContaining({
        items: [
          expect.objectContaining({ service: 'web-service', images: [] }),
        ],
      }),
    );
  });

  it('shows a partial success per chart path from a Git tree', async () => {
    await renderWizard();
    await user.click(await screen.findByRole('radio', { name: 'Git' }));
    await user.click(screen.getByRole('button', { name: 'Find charts' }));
    expect(
      await screen.findByText('Give the URL of a folder in a Git repository'),
    ).toBeInTheDocument();
    await user.type(screen.getByLabelText('Git folder URL'), gitTreeUrl);
    await user.click(screen.getByRole('button', { name: 'Find charts' }));

    await user.click(
      await screen.findByRole('checkbox', { name: 'Choose all charts' }),
    );
    // One more service over the api chart, with a values file of the tree.
    await user.click(
      chartsTable().getByRole('button', {
        name: 'Another service over charts/api',
      }),
    );
    expect(
      chartsTable().getByLabelText('Service name for charts/api (2)'),
    ).toHaveValue('api-2');
    await user.selectOptions(
      chartsTable().getByLabelText('Values of charts/api (2)'),
      'values/api-eu.yaml',
    );
    await user.click(
      screen.getByRole('button', { name: /Next: values \(4 charts\)/ }),
    );
    expect(
      await screen.findByText(
        /Could not read the chart: No Chart.yaml in charts\/broken/,
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Import 4 services' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      '3 created, 1 failed',
    );
    const failed = screen
      .getByText(/No Chart.yaml in charts\/broken/, {
        selector: 'p',
      })
      .closest('tr')!;
    expect(within(failed).getByText('broken')).toBeInTheDocument();
    expect(within(failed).getByText('failed')).toBeInTheDocument();
    expect(within(failed).getByText(/\(404\)/)).toBeInTheDocument();
    const created = screen.getByRole('link', { name: 'api-2' }).closest('tr')!;
    expect(within(created).getByText('created')).toBeInTheDocument();
  });

  it('explains service names it cannot use before sending', async () => {
    const { importCharts } = await renderWizard();
    await user.click(
      await screen.findByRole('button', { name: 'Find charts' }),
    );
    await user.click(
      await screen.findByRole('button', { name: /Next: values \(0 charts\)/ }),
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Choose at least one chart',
    );

    // The chart "cart" would be the service "cart", which exists.
    await user.click(
      chartsTable().getByRole('checkbox', { name: 'Import cart' }),
    );
    await user.click(screen.getByRole('button', { name: /Next: values/ }));
    expect(
      chartsTable().getByText('The project already has a service "cart"'),
    ).toBeInTheDocument();
    const name = chartsTable().getByLabelText('Service name for cart');
    await user.clear(name);
    await user.type(name, 'Cart_2');
    expect(
      chartsTable().getByText('Service name must be lower-case (try "cart_2")'),
    ).toBeInTheDocument();
    await user.clear(name);
    await user.type(name, 'cart');
    // Updating existing services is a choice.
    await user.click(
      screen.getByRole('checkbox', {
        name: 'Update services that exist already (a new revision)',
      }),
    );
    expect(
      chartsTable().queryByText('The project already has a service "cart"'),
    ).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Next: values/ }));
    await user.click(
      await screen.findByRole('button', { name: 'Import 1 service' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent('1 updated');
    expect(importCharts).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ force: true }),
    );
  });

  it('refuses values that fail the chart schema', async () => {
    const { importCharts } = await renderWizard();
    await user.click(
      await screen.findByRole('button', { name: 'Find charts' }),
    );
    await user.click(
      await screen.findByRole('checkbox', { name: 'Import web-service' }),
    );
    await user.click(screen.getByRole('button', { name: /Next: values/ }));
    await user.click(await screen.findByRole('tab', { name: 'YAML' }));
    await user.type(
      screen.getByLabelText('Values of web-service'),
      'replicaCount: 0',
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'replicaCount: must be >= 1',
    );
    expect(
      screen.getByRole('button', { name: 'Import 1 service' }),
    ).toBeDisabled();
    expect(importCharts).not.toHaveBeenCalled();
  });

  it('tracks the values of a service from a file in Git instead of inline values', async () => {
    const { importCharts } = await renderWizard();
    await user.click(
      await screen.findByRole('button', { name: 'Find charts' }),
    );
    await user.click(
      await screen.findByRole('checkbox', { name: 'Import web-service' }),
    );
    await user.click(screen.getByRole('button', { name: /Next: values/ }));
    const valuesUrl =
      'https://github.com/acme/config/blob/main/shop/web-service.yaml';
    await user.type(
      await screen.findByLabelText(
        'Track values from a file in Git (URL, optional)',
      ),
      valuesUrl,
    );
    expect(screen.getByText(/Values tracked from/).textContent).toContain(
      valuesUrl,
    );
    // No inline values to give (or to check against the schema) any more.
    expect(screen.queryByLabelText('Values of web-service')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Import 1 service' }));
    await screen.findByRole('table', { name: 'Import results' });
    expect(importCharts.mock.calls[0][1].items[0]).toMatchObject({
      service: 'web-service',
      valuesUrl,
      trackValues: true,
    });
    expect(importCharts.mock.calls[0][1].items[0].values).toBeUndefined();
  });

  it('shows why a source cannot be read', async () => {
    await renderWizard();
    await user.selectOptions(
      await screen.findByLabelText('Repository'),
      'Another repository (URL)',
    );
    await user.type(
      screen.getByLabelText('Repository URL'),
      'https://nowhere.example.org',
    );
    await user.click(screen.getByRole('button', { name: 'Find charts' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not reach the chart repository at nowhere.example.org',
    );
  });

  it('imports an uploaded chart archive; a single chart that fails shows why', async () => {
    const { importCharts } = await renderWizard();
    await user.click(
      await screen.findByRole('radio', { name: 'Upload a chart archive' }),
    );
    const input = screen.getByLabelText('Chart archive');
    await user.upload(input, new File(['not gzip'], 'notes.tgz'));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "uploaded archive 'notes.tgz' is not a gzip-compressed tar archive (.tgz)",
    );

    await user.upload(input, new File(['gz'], 'uploaded-1.0.0.tgz'));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(
      await screen.findByRole('checkbox', { name: 'Import uploaded' }),
    ).toBeChecked();
    await user.click(screen.getByRole('button', { name: /Next: values/ }));
    await user.click(
      await screen.findByRole('button', { name: 'Import 1 service' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent('1 created');
    expect(importCharts.mock.calls[0][1].items[0].source).toEqual({
      type: 'archive',
      digest: expect.any(String),
    });

    // One chart alone that fails: the backend answers with its error, shown
    // as that chart's result.
    await user.click(
      screen.getByRole('button', { name: 'Import more charts' }),
    );
    await user.click(await screen.findByRole('radio', { name: 'Git' }));
    await user.type(screen.getByLabelText('Git folder URL'), gitTreeUrl);
    await user.click(screen.getByRole('button', { name: 'Find charts' }));
    await user.click(
      await screen.findByRole('checkbox', { name: 'Import charts/broken' }),
    );
    await user.click(screen.getByRole('button', { name: /Next: values/ }));
    await user.click(
      await screen.findByRole('button', { name: 'Import 1 service' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent('1 failed');
    const row = screen.getByText('broken').closest('tr')!;
    expect(row).toHaveTextContent(
      `No Chart.yaml in charts/broken of ${gitTreeUrl} (404)`,
    );
  });

  it('tells users without the permission that they may not import', async () => {
    await renderWizard({
      permissionApi: denying(berthProjectUpdatePermission.name),
    });
    expect(
      await screen.findByText(/You may not change this project's services/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Find charts' }),
    ).not.toBeInTheDocument();
  });
});
