import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RefreshButton } from '../RefreshButton';
import { ViewDialog } from './ViewDialog';

describe('ViewDialog', () => {
  jest.setTimeout(60_000);

  it('is labelled by its title without an id', async () => {
    await renderInTestApp(
      <ViewDialog title="Logs of web" onClose={() => undefined} size="md">
        lines
      </ViewDialog>,
    );
    expect(
      screen.getByRole('dialog', { name: 'Logs of web' }),
    ).toBeInTheDocument();
    expect(screen.getByText('lines')).toBeInTheDocument();
  });

  it("shows the result's error and reads it again with a refresh button", async () => {
    const retry = jest.fn();
    const result = { loading: false, error: new Error('cluster down'), retry };
    await renderInTestApp(
      <ViewDialog
        title="Drift"
        onClose={() => undefined}
        result={result}
        actions={<RefreshButton result={result} label="Check again" />}
      />,
    );
    expect(screen.getAllByText(/cluster down/).length).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Check again' }));
    expect(retry).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Close' })).toBeEnabled();
  });

  it('shows progress and disables refresh while the result loads', async () => {
    const result = { loading: true, retry: () => undefined };
    await renderInTestApp(
      <ViewDialog
        title="Drift"
        onClose={() => undefined}
        result={result}
        actions={<RefreshButton result={result} label="Check again" />}
      />,
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check again' })).toBeDisabled();
  });
});
