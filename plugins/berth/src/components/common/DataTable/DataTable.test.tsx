import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { DataTable } from './DataTable';

const columns = [{ title: 'Name', field: 'name' }];

describe('DataTable', () => {
  jest.setTimeout(60_000);

  it("shows the result's error in place of the table", async () => {
    await renderInTestApp(
      <DataTable<{ name: string }>
        title="Pods"
        columns={columns}
        data={[]}
        empty="No pods."
        result={{ loading: false, error: new Error('no cluster') }}
      />,
    );
    expect(screen.getAllByText(/no cluster/).length).toBeGreaterThan(0);
    expect(screen.queryByText('No pods.')).not.toBeInTheDocument();
  });

  it('keeps showing the rows while the result is read again', async () => {
    await renderInTestApp(
      <DataTable<{ name: string }>
        title="Pods"
        columns={columns}
        data={[{ name: 'web-1' }]}
        empty="No pods."
        result={{ loading: true, value: [{ name: 'web-1' }] }}
      />,
    );
    expect(screen.getByText('web-1')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('shows progress until the first rows came', async () => {
    await renderInTestApp(
      <DataTable<{ name: string }>
        title="Pods"
        columns={columns}
        data={[]}
        empty="No pods."
        result={{ loading: true }}
      />,
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });
});
