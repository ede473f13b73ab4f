import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeBerthApi } from '../../../testUtils/fixtures';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import { cronShapeProblem, SleepScheduleEditor } from './SleepScheduleEditor';

describe('SleepScheduleEditor', () => {
  jest.setTimeout(120_000);
  const user = userEvent.setup({ delay: null });

  it('tells a cron without five fields right away', () => {
    expect(cronShapeProblem('0 20 * *')).toMatch(/5 fields .* this has 4/);
    expect(cronShapeProblem('0 20 * * 1-5')).toBeUndefined();
    expect(cronShapeProblem('')).toBeUndefined();
  });

  it('saves the schedules, shows when they run next, and removes them', async () => {
    const api = fakeBerthApi();
    const onChanged = jest.fn();
    await renderWithBerth(
      <SleepScheduleEditor
        environmentId="env-shop-dev"
        canEdit
        onChanged={onChanged}
      />,
      { api },
    );
    await user.type(screen.getByLabelText('Sleep cron'), '0 20 * *');
    expect(screen.getByText(/this has 4/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Save schedule' }),
    ).toBeDisabled();
    await user.type(screen.getByLabelText('Sleep cron'), ' 1-5');
    await user.type(screen.getByLabelText('Wake cron'), '0 7 * * 1-5');
    await user.clear(screen.getByLabelText('Time zone'));
    await user.type(screen.getByLabelText('Time zone'), 'Europe/Berlin');
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));

    expect(await screen.findByText(/^Next sleep/)).toBeInTheDocument();
    expect(screen.getByText(/^Next wake/)).toBeInTheDocument();
    expect(api.lifecycle.data.schedules['env-shop-dev']).toMatchObject({
      sleepCron: '0 20 * * 1-5',
      wakeCron: '0 7 * * 1-5',
      timeZone: 'Europe/Berlin',
    });
    expect(onChanged).toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Remove schedule' }));
    await waitFor(() =>
      expect(api.lifecycle.data.schedules['env-shop-dev']).toBeUndefined(),
    );
    expect(screen.getByLabelText('Sleep cron')).toHaveValue('');
  });

  it("shows the backend's reason when it refuses a cron or time zone, and keeps nothing", async () => {
    const api = fakeBerthApi();
    await renderWithBerth(
      <SleepScheduleEditor
        environmentId="env-shop-dev"
        canEdit
        onChanged={jest.fn()}
      />,
      { api },
    );
    await user.type(screen.getByLabelText('Sleep cron'), 'at 8 pm on weekdays');
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Could not save the schedule: The sleep cron 'at 8 pm on weekdays' does not parse",
    );

    await user.clear(screen.getByLabelText('Sleep cron'));
    await user.type(screen.getByLabelText('Sleep cron'), '0 20 * * *');
    await user.clear(screen.getByLabelText('Time zone'));
    await user.type(screen.getByLabelText('Time zone'), 'Mars/Olympus');
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        "Unknown time zone 'Mars/Olympus'",
      ),
    );
    expect(api.lifecycle.data.schedules).toEqual({});
  });

  it('is read-only without the sleep permission', async () => {
    await renderWithBerth(
      <SleepScheduleEditor
        environmentId="env-shop-dev"
        schedule={{ sleepCron: '0 20 * * *', timeZone: 'UTC' }}
        canEdit={false}
        onChanged={jest.fn()}
      />,
    );
    expect(screen.getByLabelText('Sleep cron')).toHaveValue('0 20 * * *');
    expect(screen.getByLabelText('Sleep cron')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save schedule' })).toBeNull();
  });
});
