import { AlertDisplay } from '@backstage/core-components';
import {
  BERTH_OPERATION_SIGNAL_CHANNEL,
  BerthOperation,
} from '@berth/plugin-berth-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { fakeBerthApi, FakeSignalApi } from '../../../testUtils/fixtures';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import { BerthPage } from '../../pages/BerthPage';
import { ActivityPanel } from './ActivityPanel';

const dev = 'env-shop-dev';

/** The list item of a step (a group or a service), by its title. */
function stepItem(list: HTMLElement, title: string) {
  return within(list).getByText(title, { selector: 'span' }).closest('li')!;
}

function stepStatus(item: HTMLElement) {
  return item
    .querySelector('[data-step-status]')!
    .getAttribute('data-step-status');
}

/** The row of the recent operations table that shows an operation's title. */
async function operationRow(title: string) {
  const table = (
    await screen.findByRole('heading', { name: 'Recent operations' })
  ).closest('[class*="BackstageTable-root"]') as HTMLElement;
  return within(table).getByText(title).closest('tr')!;
}

describe('ActivityPanel', () => {
  jest.setTimeout(120_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('shows the running operation with its progress by group and service, live', async () => {
    const signals = new FakeSignalApi();
    const api = fakeBerthApi({ signals });
    const { operation } = await api.deployEnvironment(dev);
    api.operations.setStep(operation.id, 'service:payments', 'succeeded');
    api.operations.setStep(operation.id, 'group:1', 'succeeded');
    api.operations.setStep(operation.id, 'group:2', 'running');
    api.operations.setStep(operation.id, 'service:cart', 'running');
    const { steps } = await api.getOperation(dev, operation.id);
    const [group1, , group2] = steps!;
    await renderWithBerth(<ActivityPanel environmentId={dev} canCancel />, {
      api,
      signals,
    });

    const region = await screen.findByRole('region', {
      name: operation.title,
    });
    const progress = within(region).getByRole('progressbar', {
      name: `Progress of ${operation.title}`,
    });
    await waitFor(() =>
      // As the backend counts: the leaf steps (services), not the groups.
      expect(within(region).getByText('1 of 2 steps')).toBeInTheDocument(),
    );
    expect(progress).toHaveAttribute('aria-valuenow', '50');

    // Each start-order group with its services and their status.
    const first = await within(region).findByRole('list', {
      name: group1.title,
    });
    expect(stepStatus(stepItem(first, 'payments'))).toBe('succeeded');
    const second = within(region).getByRole('list', { name: group2.title });
    expect(stepStatus(stepItem(second, 'cart'))).toBe('running');

    // A step ends: only the operation signal tells, and the panel follows.
    expect(signals.subscriberCount(BERTH_OPERATION_SIGNAL_CHANNEL)).toBe(2);
    act(() =>
      api.operations.setStep(
        operation.id,
        'service:cart',
        'failed',
        'Service cart did not become ready',
      ),
    );
    await waitFor(() =>
      expect(
        stepStatus(
          stepItem(
            within(region).getByRole('list', { name: group2.title }),
            'cart',
          ),
        ),
      ).toBe('failed'),
    );
    expect(
      within(region).getByText('Service cart did not become ready'),
    ).toBeInTheDocument();
    expect(within(region).getByText('2 of 2 steps')).toBeInTheDocument();
  });

  it('cancels the running operation and shows it cancelling', async () => {
    const signals = new FakeSignalApi();
    const api = fakeBerthApi({ signals });
    const cancel = jest.spyOn(api, 'cancelOperation');
    const { operation } = await api.deployEnvironment(dev);
    await renderWithBerth(<ActivityPanel environmentId={dev} canCancel />, {
      api,
      signals,
    });

    await user.click(
      await screen.findByRole('button', { name: `Cancel ${operation.title}` }),
    );
    await waitFor(() => expect(cancel).toHaveBeenCalledWith(dev, operation.id));
    expect(
      await screen.findByRole('button', { name: 'Cancelling…' }),
    ).toBeDisabled();
    expect(
      await screen.findByText('Cancel requested by user:default/guest'),
    ).toBeInTheDocument();

    // It stops after its current step.
    act(() => api.operations.finish(operation.id));
    expect(
      await screen.findByText('No operation is running.'),
    ).toBeInTheDocument();
    const row = await operationRow(operation.title);
    expect(
      row
        .querySelector('[data-operation-status]')!
        .getAttribute('data-operation-status'),
    ).toBe('cancelled');
  });

  it('lists what is queued behind the running operation, and cancels it', async () => {
    const signals = new FakeSignalApi();
    const api = fakeBerthApi({ signals });
    const { operation: running } = await api.deployEnvironment(dev);
    const { operation: queued } = await api.deployService(dev, 'cart', {});
    await renderWithBerth(<ActivityPanel environmentId={dev} canCancel />, {
      api,
      signals,
    });

    const queue = await screen.findByRole('list', { name: 'Queued' });
    const item = within(queue).getByText(queued.title).closest('li')!;
    expect(
      within(item).getByText(`Queued behind ${running.title}`),
    ).toBeInTheDocument();
    expect(
      within(await operationRow(queued.title)).getByText(
        `Queued behind ${running.title}`,
      ),
    ).toBeInTheDocument();

    await user.click(
      within(item).getByRole('button', { name: `Cancel ${queued.title}` }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('list', { name: 'Queued' })).toBeNull(),
    );
    await waitFor(async () =>
      expect(
        within(await operationRow(queued.title)).getByText('Cancelled'),
      ).toBeInTheDocument(),
    );
    // The running one goes on.
    expect(
      screen.getByRole('region', { name: running.title }),
    ).toBeInTheDocument();
  });

  it('shows the message of a failed operation', async () => {
    const api = fakeBerthApi();
    const { operation } = await api.deployEnvironment(dev);
    api.operations.finish(operation.id, {
      status: 'failed',
      message: 'Group 2 failed: cart',
    });
    await renderWithBerth(<ActivityPanel environmentId={dev} canCancel />, {
      api,
    });

    const row = await operationRow(operation.title);
    expect(within(row).getByText('Failed')).toBeInTheDocument();
    expect(within(row).getByText('Group 2 failed: cart')).toBeInTheDocument();
    expect(within(row).getByText('user:default/guest')).toBeInTheDocument();
    expect(screen.getByText('No operation is running.')).toBeInTheDocument();
  });

  it("shows an operation's steps and event log in its details", async () => {
    const api = fakeBerthApi();
    const { operation } = await api.deployEnvironment(dev);
    api.operations.setStep(operation.id, 'service:payments', 'succeeded');
    api.operations.finish(operation.id);
    const detail = await api.getOperation(dev, operation.id);
    expect(detail.events!.length).toBeGreaterThan(2);
    await renderWithBerth(<ActivityPanel environmentId={dev} canCancel />, {
      api,
    });

    await user.click(
      await screen.findByRole('button', {
        name: `Details of ${operation.title}`,
      }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      await dialog.findByRole('heading', { name: operation.title }),
    ).toBeInTheDocument();
    const events = await dialog.findByRole('list', { name: 'Event log' });
    const lines = within(events).getAllByRole('listitem');
    expect(lines).toHaveLength(detail.events!.length);
    detail.events!.forEach((event, i) => {
      expect(lines[i]).toHaveTextContent(event.message);
      expect(lines[i]).toHaveAttribute('data-level', event.level);
    });
    const steps = dialog.getByRole('list', { name: 'Steps' });
    for (const step of detail.steps!.filter(s => !s.parent)) {
      expect(stepStatus(stepItem(steps, step.title))).toBe(step.status);
    }
    await user.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('names what a queued operation waits for when the list does not say', async () => {
    // As listed, a queued operation may come without queuedBehind: it waits
    // for the running one, or, with none running, for a replica to start it.
    const base: BerthOperation = {
      id: '00000000-0000-4000-8000-00000000000a',
      kind: 'deploy',
      title: 'Deploy all services',
      projectRef: 'system:default/shop',
      environmentId: dev,
      status: 'queued',
      actor: 'user:default/alice',
      actorType: 'user',
      createdAt: '2026-01-10T11:00:00Z',
      attempts: 0,
      cancelRequested: false,
      progress: { done: 0, total: 4 },
    };
    const api = fakeBerthApi({ data: { operations: [base] } });
    const { unmount } = await renderWithBerth(
      <ActivityPanel environmentId={dev} canCancel />,
      { api },
    );
    const queue = await screen.findByRole('list', { name: 'Queued' });
    expect(within(queue).getByText('Waiting to start')).toBeInTheDocument();
    unmount();

    const running: BerthOperation = {
      ...base,
      id: '00000000-0000-4000-8000-00000000000b',
      kind: 'sleep',
      title: 'Sleep dev',
      status: 'running',
      createdAt: '2026-01-10T10:00:00Z',
      startedAt: '2026-01-10T10:00:01Z',
      steps: [],
      events: [],
    };
    await renderWithBerth(<ActivityPanel environmentId={dev} canCancel />, {
      api: fakeBerthApi({ data: { operations: [running, base] } }),
    });
    expect(
      within(await screen.findByRole('list', { name: 'Queued' })).getByText(
        'Queued behind Sleep dev',
      ),
    ).toBeInTheDocument();
  });

  it('offers no cancel to those who may not deploy', async () => {
    const api = fakeBerthApi();
    const { operation } = await api.deployEnvironment(dev);
    await renderWithBerth(
      <ActivityPanel environmentId={dev} canCancel={false} />,
      { api },
    );
    expect(
      await screen.findByRole('region', { name: operation.title }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Cancel/ })).toBeNull();
  });
});

describe('EnvironmentPage: operations', () => {
  jest.setTimeout(180_000);

  it('says what a queued action waits for, and shows the queue above the tabs', async () => {
    const user = userEvent.setup({ delay: null });
    const signals = new FakeSignalApi();
    const api = fakeBerthApi({ signals });
    const { operation: running } = await api.deployService(dev, 'cart', {});
    await renderWithBerth(
      <>
        <AlertDisplay />
        <Routes>
          <Route path="/berth/*" element={<BerthPage />} />
        </Routes>
      </>,
      { api, signals, routeEntries: [`/berth/environments/${dev}`] },
    );

    expect(
      await screen.findByRole('region', { name: running.title }),
    ).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Deploy all' }));
    const [queued] = await waitFor(async () => {
      const found = await api.listEnvironmentOperations(dev, {
        status: 'queued',
      });
      expect(found).toHaveLength(1);
      return found;
    });
    expect(
      await screen.findByText(
        `${queued.title} is queued behind ${running.title}`,
      ),
    ).toBeInTheDocument();
    const queue = await screen.findByRole('list', { name: 'Queued' });
    expect(within(queue).getByText(queued.title)).toBeInTheDocument();

    // The Activity tab has the recent operations.
    await user.click(screen.getByRole('tab', { name: 'Activity' }));
    expect(await operationRow(running.title)).toBeInTheDocument();
    expect(await operationRow(queued.title)).toBeInTheDocument();
  });
});
